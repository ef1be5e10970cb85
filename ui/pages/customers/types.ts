import { valuesOf, type Schema } from '../../schema.js';

/** The API's customer and what hangs off it, as the pages read it (GET /customers/{id} and below). */
export type Customer = Schema<'CustomerDto'>;
export type Contact = Schema<'ContactDto'>;
export type ContactType = Contact['type'];
export const CONTACT_TYPES = valuesOf<ContactType>({ mobile: true, work_phone: true, home_phone: true, fax: true, email: true, messenger: true, social: true });
export const GENDERS = valuesOf<NonNullable<Customer['gender']>>({ female: true, male: true, other: true });

/** One page of a list the API answers a page at a time, with the cursor of the next. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type TierSummary = Schema<'TierDto'>;

export type Identifier = Schema<'IdentifierDto'>;
export type IdentifierType = Identifier['type'];
export const IDENTIFIER_TYPES = valuesOf<IdentifierType>({ magnetic_card: true, smart_card: true, electronic_key: true, barcode_card: true, qr_code: true, app: true, phone: true });
export type EntryMethod = NonNullable<Identifier['entryMethod']>;
export const ENTRY_METHODS = valuesOf<EntryMethod>({ swipe: true, scan: true, tap: true, manual: true, caller_id: true });
export type IdentifierStatus = Identifier['status'];
export type CardBatch = Schema<'CardBatchDto'>;

export type AccountType = Schema<'AccountTypeDto'>;
export type Account = Schema<'AccountDto'>;
export type Entry = Schema<'EntryDto'>;
export type EntryKind = Entry['kind'];
export const ENTRY_KINDS = valuesOf<EntryKind>({
  accrual: true,
  deposit: true,
  redemption: true,
  manual_credit: true,
  manual_debit: true,
  hold: true,
  capture: true,
  release: true,
  expiry: true,
  reversal: true,
  transfer_in: true,
  transfer_out: true,
  reset: true,
  offline_spend: true,
  offline_debt: true,
  import: true,
});
export type Hold = Schema<'HoldDto'>;

export type Visit = Schema<'VisitDto'>;
export type Favourite = Schema<'FavouriteDto'>;
export type CustomerStats = Schema<'CustomerStatsDto'>;
export type TierMove = Schema<'TierMoveDto'>;
export type CustomerCategory = Schema<'CustomerCategoryDto'>;
export type PromotionCategory = Schema<'PromotionCategoryDto'>;
