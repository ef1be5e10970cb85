/** The API's customer, as the pages read it (GET /customers/{id}). */
export interface Contact {
  id: string;
  type: ContactType;
  value: string;
  label: string | null;
  primary: boolean;
}

export const CONTACT_TYPES = ['mobile', 'work_phone', 'home_phone', 'fax', 'email', 'messenger', 'social'] as const;
export type ContactType = (typeof CONTACT_TYPES)[number];
export const GENDERS = ['female', 'male', 'other'] as const;

export interface Customer {
  id: string;
  kind: 'individual' | 'organisation';
  status: 'active' | 'terminated' | 'erased';
  displayName: string;
  firstName: string | null;
  middleName: string | null;
  lastName: string | null;
  name: string | null;
  businessDomain: string | null;
  contactPerson: string | null;
  organisationId: string | null;
  birthDate: string | null;
  gender: (typeof GENDERS)[number] | null;
  address: string | null;
  notes: string | null;
  preferences: { text: string | null; tags: string[] };
  announcement: string | null;
  tags: string[];
  responsibleEmployeeId: string | null;
  marketingConsent: boolean;
  room: string | null;
  tierId: string | null;
  contacts: Contact[];
  terminatedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface TierSummary {
  id: string;
  code: string;
  name: string;
}

/** The contract's identifier vocabulary (CONTRACT.md section 4). */
export const IDENTIFIER_TYPES = ['magnetic_card', 'smart_card', 'electronic_key', 'barcode_card', 'qr_code', 'app', 'phone'] as const;
export type IdentifierType = (typeof IDENTIFIER_TYPES)[number];
export const ENTRY_METHODS = ['swipe', 'scan', 'tap', 'manual', 'caller_id'] as const;
export type EntryMethod = (typeof ENTRY_METHODS)[number];
export type IdentifierStatus = 'active' | 'blocked' | 'lost';

export interface Identifier {
  id: string;
  type: IdentifierType;
  value: string;
  entryMethod: EntryMethod | null;
  status: IdentifierStatus;
  statusReason: string | null;
  customerId: string | null;
  batchId: string | null;
  boundAt: string | null;
  boundBy: string | null;
  createdAt: string;
}

export interface CardBatch {
  id: string;
  name: string;
}

export interface AccountType {
  id: string;
  code: string;
  name: string;
  kind: 'points' | 'bonus_money' | 'deposit' | 'corporate_credit';
  /** `points`, or the currency of a money account. */
  unit: string;
  active: boolean;
}

export interface Account {
  id: string;
  accountType: AccountType;
  holder: { type: 'customer' | 'membership'; id: string };
  status: 'open' | 'frozen' | 'closed';
  total: number;
  held: number;
  available: number;
  expiringSoon: { amount: number; expiresAt: string }[];
}

export const ENTRY_KINDS = [
  'accrual',
  'redemption',
  'manual_credit',
  'manual_debit',
  'hold',
  'capture',
  'release',
  'expiry',
  'reversal',
  'transfer_in',
  'transfer_out',
  'reset',
] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

export interface Entry {
  id: string;
  kind: EntryKind;
  /** What the entry did to the total, as the history colours it. */
  direction: 'credit' | 'debit' | 'none';
  amount: number;
  heldChange: number;
  balanceAfter: number;
  heldAfter: number;
  reason: string | null;
  tabId: string | null;
  actorId: string | null;
  actorName: string | null;
  createdAt: string;
}

export interface Hold {
  holdId: string;
  tabId: string;
  amount: number;
  status: string;
  capturedAmount: number;
  expiresAt: string;
  rewardId: string | null;
}

export interface VisitLine {
  lineId: string;
  productId: string;
  name: string | null;
  quantity: number;
  amount: number;
  discount: number;
  refundedQuantity: number;
  refundedAmount: number;
}

export interface Visit {
  id: string;
  tabId: string;
  currency: string;
  locationId: string | null;
  tableId: string | null;
  waiterId: string | null;
  startedAt: string;
  closedAt: string | null;
  gross: number;
  discount: number;
  net: number;
  bonusPaid: number;
  pointsEarned: number;
  refunded: number;
  lines: VisitLine[];
}

export interface Favourite {
  productId: string;
  name: string | null;
  quantity: number;
  visits: number;
}

export interface CustomerStats {
  from: string;
  to: string;
  spent: number;
  visits: number;
  averageCheck: number;
  /** By account type code. */
  pointsEarned: Record<string, number>;
  pointsSpent: Record<string, number>;
  favouritesByQuantity: Favourite[];
  favouritesByVisits: Favourite[];
}

export const MOVE_REASONS = ['threshold_reached', 'downgrade', 'manual', 'terminated'] as const;

export interface TierMove {
  id: string;
  fromTierCode: string | null;
  toTierCode: string | null;
  reason: (typeof MOVE_REASONS)[number];
  metric: 'spent' | 'points' | 'visits' | null;
  metricValue: number | null;
  threshold: number | null;
  movedAt: string;
  actorId: string | null;
  jobRunId: string | null;
  visitId: string | null;
  note: string | null;
}

export interface CustomerCategory {
  id: string;
  categoryCode: string;
  categoryName: string;
  validFrom: string | null;
  validTo: string | null;
  inEffect: boolean;
}

export interface PromotionCategory {
  id: string;
  code: string;
  name: string;
  active: boolean;
}
