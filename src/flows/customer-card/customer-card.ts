import { displayName } from '../../modules/customers/customer-presenter.js';
import type { Identified } from '../../modules/identification/identify.service.js';
import type { AccountDto } from '../../modules/accounts/dto/account.dto.js';
import type { OfferDto } from '../../modules/rewards/reward.dto.js';
import type { Evaluation } from '../../modules/sales-rules/engine/types.js';
import type { FavouriteDto } from '../../modules/visits/dto/visit.dto.js';
import { averageCheck } from '../../modules/visits/average-check.js';
import type { CustomerTotals } from '../../modules/visits/entities/customer-totals.entity.js';
import { daysToBirthday } from './birthday.js';
import type { CustomerCardDto } from './customer-card.dto.js';

/** A birthday this close is worth telling the waiter about. */
const BIRTHDAY_NOTICE_DAYS = 7;

/**
 * The customer card: who the guest is, what an empty tab would give them (categories,
 * today's limits), their balances, the rewards they can take and what they usually order.
 */
export interface CardFacts {
  evaluation: Evaluation;
  accounts: AccountDto[];
  offers: OfferDto[];
  coupons: CustomerCardDto['coupons'];
  favourites: FavouriteDto[];
  totals: CustomerTotals;
  tier: CustomerCardDto['tier'];
  nextTier: CustomerCardDto['nextTier'];
}

export function customerCard(identified: Identified, now: Date, timeZone: string, { evaluation, accounts, offers, coupons, favourites, totals, tier, nextTier }: CardFacts): CustomerCardDto {
  const { customer, identifier } = identified;
  const name = displayName(customer);
  const firstName = customer.kind === 'individual' ? (customer.firstName ?? name) : name;
  const days = daysToBirthday(customer.birthDate, now, timeZone);
  const announcements: string[] = [];
  if (customer.announcement) announcements.push(customer.announcement);
  if (days === 0) announcements.push(`Birthday today`);
  else if (days !== null && days <= BIRTHDAY_NOTICE_DAYS) announcements.push(`Birthday in ${days} day${days === 1 ? '' : 's'}`);
  return {
    id: customer.id,
    displayName: name,
    greetingName: firstName,
    kind: customer.kind,
    tier,
    nextTier,
    categories: evaluation.categories,
    balances: accounts
      .filter((account) => account.status !== 'closed')
      .map((account) => ({
        accountId: account.id,
        accountType: account.accountType.code,
        name: account.accountType.name,
        unit: account.accountType.unit,
        total: account.total,
        held: account.held,
        available: account.available,
        owed: Math.max(0, -account.total),
        expiringSoon: account.expiringSoon,
      })),
    benefits: offers.map(({ chosen: _chosen, ...offer }) => offer),
    limitsLeftToday: evaluation.limits.map(({ kind, subject, limit, used, left, broken }) => ({ kind, subject, limit, used, left, broken })),
    coupons,
    greeting: days === 0 ? `Happy birthday, ${firstName}!` : totals.visits > 0 ? `Welcome back, ${firstName}!` : `Welcome, ${firstName}!`,
    announcements,
    birthdayToday: days === 0,
    daysToBirthday: days,
    history: {
      visits: totals.visits,
      spent: totals.spent,
      averageCheck: averageCheck(totals.spent, totals.visits),
      lastVisitAt: totals.lastVisitAt?.toISOString() ?? null,
    },
    preferences: { text: customer.preferencesText, tags: customer.preferenceTags, favouriteProducts: favourites },
    identifiedBy: {
      via: identified.via,
      identifierId: identifier?.id ?? null,
      type: identifier?.type ?? null,
      entryMethod: identified.entryMethod,
    },
  };
}
