import type { LimitResult } from '../../../../sales-rules/engine/types.js';

import type { Benefit } from '../accounts/types.js';
import type { TierMetric } from '../tiers/types.js';

/** The identify answer (POST /terminal/identify): what the waiter sees when a guest is recognised. */
export const IDENTIFIER_TYPES = ['barcode_card', 'magnetic_card', 'smart_card', 'electronic_key', 'qr_code', 'app', 'phone'] as const;
export type IdentifierType = (typeof IDENTIFIER_TYPES)[number];

export interface Balance {
  accountId: string;
  accountType: string;
  name: string;
  unit: string;
  total: number;
  held: number;
  available: number;
  expiringSoon: { amount: number; expiresAt: string }[];
}

export interface Offer {
  rewardId: string;
  code: string;
  name: string;
  description: string | null;
  benefit: Benefit;
  price: number;
  accountTypeCode: string;
  accountId: string;
  holdId: string | null;
}

/** A limit as the card shows it: the engine's, without the rule behind it. */
export type LimitLeft = Omit<LimitResult, 'categoryCode' | 'ruleId'>;

export interface Favourite {
  productId: string;
  name: string | null;
  quantity: number;
  visits: number;
}

export interface CustomerCard {
  id: string;
  displayName: string;
  greetingName: string;
  kind: 'individual' | 'organisation';
  tier: { code: string; name: string; since: string | null } | null;
  nextTier: { code: string; name: string; metric: TierMetric; threshold: number; value: number; missing: number } | null;
  categories: string[];
  balances: Balance[];
  benefits: Offer[];
  limitsLeftToday: LimitLeft[];
  greeting: string;
  announcements: string[];
  birthdayToday: boolean;
  daysToBirthday: number | null;
  history: { visits: number; spent: number; averageCheck: number; lastVisitAt: string | null };
  preferences: { text: string | null; tags: string[]; favouriteProducts: Favourite[] };
  identifiedBy: { via: 'identifier' | 'phone' | 'query' | 'customer'; identifierId: string | null; type: IdentifierType | null; entryMethod: string | null };
}

export interface Candidate {
  id: string;
  displayName: string;
  kind: 'individual' | 'organisation';
  room: string | null;
}
