import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { JsonColumn, KeyColumn, TenantIdColumn, TimeColumn } from '../../../common/database/columns.js';
import type { Language } from '../../../common/languages.js';

export const CUSTOMER_KINDS = ['individual', 'organisation'] as const;
export type CustomerKind = (typeof CUSTOMER_KINDS)[number];

export const CUSTOMER_STATUSES = ['active', 'terminated', 'erased'] as const;
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];

export const GENDERS = ['female', 'male', 'other'] as const;
export type Gender = (typeof GENDERS)[number];

/** A regular customer: a person, or an organisation whose people are customers too. */
@Entity('rc_customers')
@Index('rc_customers_search_name', ['tenantId', 'searchName'])
@Index('rc_customers_name_key', ['tenantId', 'nameKey'])
@Index('rc_customers_room', ['tenantId', 'room'])
@Index('rc_customers_organisation', ['tenantId', 'organisationId'])
@Index('rc_customers_employee', ['tenantId', 'responsibleEmployeeId'])
@Index('rc_customers_tier', ['tenantId', 'tierId'])
@Index('rc_customers_active_tier', ['tenantId', 'status', 'id', 'tierId'])
@Index('rc_customers_created', ['tenantId', 'createdAt'])
@Index('rc_customers_external', ['tenantId', 'externalId'], { unique: true })
export class Customer {
  @TenantIdColumn()
  tenantId: string;

  @PrimaryColumn({ name: 'id', type: 'varchar', length: 32 })
  id: string;

  @KeyColumn('kind', { length: 16 })
  kind: CustomerKind;

  @KeyColumn('status', { length: 16 })
  status: CustomerStatus;

  @KeyColumn('first_name', { length: 100, nullable: true })
  firstName: string | null;

  @KeyColumn('middle_name', { length: 100, nullable: true })
  middleName: string | null;

  @KeyColumn('last_name', { length: 100, nullable: true })
  lastName: string | null;

  /** An organisation's name. */
  @KeyColumn('organisation_name', { length: 200, nullable: true })
  organisationName: string | null;

  @KeyColumn('business_domain', { length: 100, nullable: true })
  businessDomain: string | null;

  @KeyColumn('contact_person', { length: 200, nullable: true })
  contactPerson: string | null;

  /** The organisation a person belongs to. */
  @KeyColumn('organisation_id', { length: 32, nullable: true })
  organisationId: string | null;

  /** Lower-cased, accent-free display name, for search. */
  @KeyColumn('search_name', { length: 300 })
  searchName: string;

  /** Lower-cased, accent-free "first last" (or the organisation name), for duplicates. */
  @KeyColumn('name_key', { length: 200, nullable: true })
  nameKey: string | null;

  /** ISO date, YYYY-MM-DD. */
  @KeyColumn('birth_date', { length: 10, nullable: true })
  birthDate: string | null;

  @KeyColumn('gender', { length: 16, nullable: true })
  gender: Gender | null;

  @KeyColumn('address', { length: 500, nullable: true })
  address: string | null;

  @Column({ name: 'notes', type: 'text', nullable: true })
  notes: string | null;

  /** Gastronomic preferences in the guest's words. */
  @Column({ name: 'preferences_text', type: 'text', nullable: true })
  preferencesText: string | null;

  @JsonColumn('preference_tags')
  preferenceTags: string[];

  /** Shown to staff at the till when the guest is recognised. */
  @KeyColumn('announcement', { length: 500, nullable: true })
  announcement: string | null;

  @KeyColumn('responsible_employee_id', { length: 128, nullable: true })
  responsibleEmployeeId: string | null;

  @Column({ name: 'marketing_consent', type: 'boolean' })
  marketingConsent: boolean;

  @TimeColumn('marketing_consent_at', { nullable: true })
  marketingConsentAt: Date | null;

  /** The language of the messages the guest gets; null for the plugin's default. */
  @KeyColumn('language', { length: 8, nullable: true })
  language: Language | null;

  /** A hotel guest's room, by which staff find them. */
  @KeyColumn('room', { length: 32, nullable: true })
  room: string | null;

  /** The customer's id in the system the restaurant moved from: an import finds them by it. */
  @KeyColumn('external_id', { nullable: true })
  externalId: string | null;

  @KeyColumn('tier_id', { length: 32, nullable: true })
  tierId: string | null;

  @TimeColumn('terminated_at', { nullable: true })
  terminatedAt: Date | null;

  @KeyColumn('termination_reason', { length: 500, nullable: true })
  terminationReason: string | null;

  @TimeColumn('erased_at', { nullable: true })
  erasedAt: Date | null;

  @TimeColumn('created_at')
  createdAt: Date;

  @KeyColumn('created_by', { length: 128 })
  createdBy: string;

  @TimeColumn('updated_at')
  updatedAt: Date;

  @KeyColumn('updated_by', { length: 128 })
  updatedBy: string;
}
