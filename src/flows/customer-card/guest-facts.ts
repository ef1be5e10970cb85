import type { Customer } from '../../modules/customers/entities/customer.entity.js';
import type { Holder } from '../../modules/memberships/memberships.service.js';
import type { AssignmentTerms } from '../../modules/promotion-categories/promotion-categories.service.js';
import type { TierCardFacts } from '../../modules/tiers/customer-tier-view.js';
import type { FavouriteDto } from '../../modules/visits/dto/visit.dto.js';
import type { CustomerTotals } from '../../modules/visits/entities/customer-totals.entity.js';

/** What a guest's card takes from their history, kept in their read model (rc_guest_cards). */
export interface GuestFacts {
  customer: Customer;
  /** Whose accounts the card shows: the guest's own, or their membership's. */
  holder: Holder;
  categories: AssignmentTerms[];
  tier: TierCardFacts;
  totals: CustomerTotals;
  favourites: FavouriteDto[];
  /** Whether any code was given to the guest: only then are their coupons looked at. */
  hasCoupons: boolean;
}

/** The times among the facts, which JSON keeps as text. */
const CUSTOMER_TIMES = ['marketingConsentAt', 'terminatedAt', 'erasedAt', 'createdAt', 'updatedAt'] as const satisfies readonly (keyof Customer)[];
const TOTALS_TIMES = ['firstVisitAt', 'lastVisitAt', 'secondVisitAt'] as const satisfies readonly (keyof CustomerTotals)[];

function withTimes<T extends object>(stored: T, keys: readonly (keyof T)[]): T {
  const revived = { ...stored };
  for (const key of keys) if (typeof revived[key] === 'string') revived[key] = new Date(revived[key]) as T[keyof T];
  return revived;
}

/** The facts as read back from the read model. */
export function guestFactsFromStored(stored: unknown): GuestFacts {
  const facts = stored as GuestFacts;
  return { ...facts, customer: withTimes(facts.customer, CUSTOMER_TIMES), totals: withTimes(facts.totals, TOTALS_TIMES) };
}
