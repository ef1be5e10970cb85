import { Injectable } from '@nestjs/common';
import type { PersonalDataHolder } from '../../common/personal-data/personal-data-holder.js';
import { CustomerTiers } from '../customers/customer-tiers.service.js';
import type { CardTier, NextTier } from './dto/tier.dto.js';
import { valueFor, type Standing } from './tier-policy.js';
import { TierStandings } from './tier-standings.service.js';
import { TiersRepository } from './tiers.repository.js';
import { TiersService } from './tiers.service.js';

/**
 * A guest's tier as the rest of the plugin sees it: the categories it brings to their tabs,
 * the tier and the next one on their card, and the moves in their export and erasure.
 */
@Injectable()
export class CustomerTierView {
  /** What this module keeps about a guest: their export, their erasure and the tenant's purge ask it (PrivacyFlow). */
  readonly personalData: PersonalDataHolder = {
    name: 'tierMoves',
    export: async (tenantId, customerId) => this.tiers.present(tenantId, await this.repository.movesOf(tenantId, customerId)),
    // The moves stay by customer id; a manager's note on a move by hand may say anything about the guest.
    erase: (tenantId, customerId) => this.repository.forgetMoveNotes({ tenantId, customerId }),
    purge: (tenantId) => this.repository.forgetMoveNotes({ tenantId }),
  };

  constructor(
    private readonly tiers: TiersService,
    private readonly standings: TierStandings,
    private readonly customerTiers: CustomerTiers,
    private readonly repository: TiersRepository,
  ) {}

  /** The promotion category codes the guest's tier brings. */
  async categoriesOf(tenantId: string, customerId: string): Promise<string[]> {
    return this.categoriesOfTier(tenantId, await this.customerTiers.tierOf(tenantId, customerId));
  }

  /** The promotion category codes a tier brings. */
  async categoriesOfTier(tenantId: string, tierId: string | null): Promise<string[]> {
    if (!tierId) return [];
    return (await this.tiers.rules(tenantId)).find((tier) => tier.id === tierId)?.categories ?? [];
  }

  /** The tier on the guest's card, and the next one within reach with what is missing. */
  async card(tenantId: string, customer: { id: string; tierId: string | null }, now: Date): Promise<{ tier: CardTier | null; nextTier: NextTier | null }> {
    return this.cardFrom(tenantId, customer.tierId, await this.cardFacts(tenantId, customer, now));
  }

  /**
   * What the card's tier part takes from the guest's history: since when they hold their
   * tier, and where they stand on the next tier's measure (a guest's card keeps it).
   */
  async cardFacts(tenantId: string, customer: { id: string; tierId: string | null }, now: Date): Promise<TierCardFacts> {
    const rules = await this.tiers.rules(tenantId);
    if (rules.length === 0) return { since: null, standing: {} };
    const next = nextTierOf(rules, customer.tierId);
    const [since, standings] = await Promise.all([
      customer.tierId ? this.tiers.since(tenantId, customer.id) : null,
      next ? this.standings.of(tenantId, [customer.id], [next], now) : new Map<string, Standing>(),
    ]);
    return { since: since?.toISOString() ?? null, standing: standings.get(customer.id) ?? {} };
  }

  /** The card's tier and next tier from the guest's tier and those facts, as the tenant's tiers stand now. */
  async cardFrom(tenantId: string, tierId: string | null, { since, standing }: TierCardFacts): Promise<{ tier: CardTier | null; nextTier: NextTier | null }> {
    const rules = await this.tiers.rules(tenantId);
    const current = rules.find((tier) => tier.id === tierId);
    const next = nextTierOf(rules, tierId);
    const tier = current ? { code: current.code, name: current.name, since } : null;
    if (!next) return { tier, nextTier: null };
    const value = valueFor(next, standing);
    return { tier, nextTier: { code: next.code, name: next.name, metric: next.metric, threshold: next.threshold, value, missing: Math.max(0, next.threshold - value) } };
  }
}

/** The guest's own part of the card's tier: since when, and their standing on the next tier's measure. */
export interface TierCardFacts {
  since: string | null;
  standing: Standing;
}

/** The next tier a guest reaches by themselves from the one they hold. */
function nextTierOf<T extends { id: string; rank: number; autoEnter: boolean }>(rules: readonly T[], tierId: string | null): T | undefined {
  const rank = rules.find((tier) => tier.id === tierId)?.rank ?? -Infinity;
  return rules.filter((tier) => tier.autoEnter && tier.rank > rank).sort((a, b) => a.rank - b.rank)[0];
}
