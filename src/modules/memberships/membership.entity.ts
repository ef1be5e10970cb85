import { Entity, Index, PrimaryColumn } from 'typeorm';
import { KeyColumn, TenantIdColumn, TimeColumn } from '../../common/database/columns.js';

/** Several customers (a family, a team) whose cards all feed one set of accounts. */
@Entity('rc_memberships')
export class Membership {
  @TenantIdColumn()
  tenantId: string;

  @PrimaryColumn({ name: 'id', type: 'varchar', length: 32 })
  id: string;

  @KeyColumn('name', { length: 200 })
  name: string;

  /** The customer who answers for the membership (the parent of the child's card). */
  @KeyColumn('owner_customer_id', { length: 32 })
  ownerCustomerId: string;

  @TimeColumn('created_at')
  createdAt: Date;

  @KeyColumn('created_by')
  createdBy: string;

  /** When it was terminated: its accounts were zeroed and its members' cards no longer feed it. */
  @TimeColumn('ended_at', { nullable: true })
  endedAt: Date | null;

  @KeyColumn('end_reason', { length: 500, nullable: true })
  endReason: string | null;
}

/** A customer belongs to at most one membership; the unique key says so. */
@Entity('rc_membership_members')
@Index('rc_membership_members_membership', ['tenantId', 'membershipId'])
export class MembershipMember {
  @TenantIdColumn()
  tenantId: string;

  @PrimaryColumn({ name: 'customer_id', type: 'varchar', length: 32 })
  customerId: string;

  @KeyColumn('membership_id', { length: 32 })
  membershipId: string;

  @TimeColumn('joined_at')
  joinedAt: Date;
}
