import { Injectable } from '@nestjs/common';
import type { PersonalDataHolder } from '../../common/personal-data/personal-data-holder.js';
import { CustomerTiers } from '../customers/customer-tiers.service.js';
import type { CardTier, NextTier } from './dto/tier.dto.js';
import { valueFor } from './tier-policy.js';
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
    const tierId = await this.customerTiers.tierOf(tenantId, customerId);
    if (!tierId) return [];
    return (await this.tiers.rules(tenantId)).find((tier) => tier.id === tierId)?.categories ?? [];
  }

  /** The tier on the guest's card, and the next one within reach with what is missing. */
  async card(tenantId: string, customerId: string, now: Date): Promise<{ tier: CardTier | null; nextTier: NextTier | null }> {
    const rules = await this.tiers.rules(tenantId);
    if (rules.length === 0) return { tier: null, nextTier: null };
    const tierId = await this.customerTiers.tierOf(tenantId, customerId);
    const current = rules.find((tier) => tier.id === tierId);
    const next = rules.filter((tier) => tier.autoEnter && tier.rank > (current?.rank ?? -Infinity)).sort((a, b) => a.rank - b.rank)[0];
    const tier = current ? { code: current.code, name: current.name, since: (await this.tiers.since(tenantId, customerId))?.toISOString() ?? null } : null;
    if (!next) return { tier, nextTier: null };
    const standing = (await this.standings.of(tenantId, [customerId], [next], now)).get(customerId) ?? {};
    const value = valueFor(next, standing);
    return { tier, nextTier: { code: next.code, name: next.name, metric: next.metric, threshold: next.threshold, value, missing: Math.max(0, next.threshold - value) } };
  }
}
