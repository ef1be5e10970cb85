import { Inject, Injectable } from '@nestjs/common';
import { localDate } from '../../common/calendar.js';
import { isUniqueViolation } from '../../common/database/database-errors.js';
import { RevisionCache, TenantRevisions } from '../../common/revisions/tenant-revisions.service.js';
import { RegularsError } from '../../common/errors/regulars-error.js';
import { newId } from '../../common/ids.js';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import type { EventEffect } from '../../contract/event-effect.js';
import type { RequestActor } from '../../common/security/request-actor.js';
import { CustomerTiers } from '../customers/customer-tiers.service.js';
import { CustomersService } from '../customers/customers.service.js';
import { Outbox } from '../outbox/outbox.service.js';
import { PromotionCategoriesService } from '../promotion-categories/promotion-categories.service.js';
import type { CreateTierDto, MoveCustomerDto, TierDto, TierMoveDto, UpdateTierDto } from './dto/tier.dto.js';
import { Tier, type TierMetric } from './entities/tier.entity.js';
import { TierMove, type MoveReason } from './entities/tier-move.entity.js';
import { decideTier, type DowngradePolicy, type TierDecision, type TierRule } from './tier-policy.js';
import { TierStandings } from './tier-standings.service.js';
import { TiersRepository } from './tiers.repository.js';

/** Where a move came from: a job run on a business day, a closed visit, or a manager. */
export type MoveSource = { runId: string; day: string } | { visitId: string } | { actor: RequestActor; note: string | null };

/**
 * The unique key of a job's move: one per customer per business day, whichever run makes
 * it, so a second run the same night (by hand, or on a lease taken over from a run that
 * was still going) cannot move anyone the first one moved.
 */
const jobMoveKey = (day: string, customerId: string) => `night:${day}:${customerId}`;

export interface PlannedMove {
  customerId: string;
  fromTierId: string | null;
  decision: TierDecision;
}

export function presentTier(tier: Tier): TierDto {
  const { tenantId: _tenant, createdAt: _created, updatedAt: _updated, updatedBy: _by, ...shown } = tier;
  return shown;
}

/** The tenant's tiers, customers' moves between them, and the check after a closed tab. */
@Injectable()
export class TiersService {
  /** Every card and every close asks for the tiers: kept per tenant revision. */
  private readonly tiers: RevisionCache<Tier[]>;

  constructor(
    private readonly repository: TiersRepository,
    private readonly revisions: TenantRevisions,
    private readonly customerTiers: CustomerTiers,
    private readonly customers: CustomersService,
    private readonly categories: PromotionCategoriesService,
    private readonly standings: TierStandings,
    private readonly outbox: Outbox,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {
    this.tiers = new RevisionCache(revisions, (tenantId) => this.repository.tiersByRank(tenantId));
  }

  /** The tenant's tiers by rank (the kept copy is shared: change one only through update()). */
  list(tenantId: string): Promise<Tier[]> {
    return this.tiers.get(tenantId);
  }

  /** The active tiers as the policy sees them. */
  async rules(tenantId: string): Promise<Tier[]> {
    return (await this.list(tenantId)).filter((tier) => tier.active);
  }

  async byCode(tenantId: string, code: string): Promise<Tier> {
    const tier = await this.repository.tierByCode(tenantId, code);
    if (!tier) throw new RegularsError('unknown_tier', `tierCode: there is no tier ${code}`);
    return tier;
  }

  async create(actor: RequestActor, input: CreateTierDto): Promise<TierDto> {
    await this.checkCategories(actor.tenantId, input.categories ?? []);
    const now = this.config.clock.now();
    const tier: Tier = {
      tenantId: actor.tenantId,
      id: newId('t', now),
      code: input.code,
      name: input.name,
      rank: input.rank,
      categories: input.categories ?? [],
      metric: input.metric,
      threshold: input.threshold,
      windowDays: input.windowDays ?? null,
      autoEnter: input.autoEnter ?? true,
      neverDowngrade: input.neverDowngrade ?? false,
      active: input.active ?? true,
      createdAt: now,
      updatedAt: now,
      updatedBy: actor.id,
    };
    await this.uniquely(tier, () => this.repository.insertTier(tier));
    await this.revisions.bump(actor.tenantId);
    return presentTier(tier);
  }

  async update(actor: RequestActor, id: string, input: UpdateTierDto): Promise<TierDto> {
    if (input.categories) await this.checkCategories(actor.tenantId, input.categories);
    const tier = await this.repository.lockTier(actor.tenantId, id);
    if (!tier) throw RegularsError.notFound('tier', id);
    Object.assign(tier, Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)), { updatedAt: this.config.clock.now(), updatedBy: actor.id });
    await this.uniquely(tier, () => this.repository.saveTier(tier));
    await this.revisions.bump(actor.tenantId);
    return presentTier(tier);
  }

  /** A manager puts a customer into a tier (or out of every tier); the next evaluation applies the tiers' flags. */
  async moveByHand(actor: RequestActor, customerId: string, input: MoveCustomerDto): Promise<TierMoveDto> {
    const customer = await this.customers.find(actor.tenantId, customerId);
    if (customer.status !== 'active') throw new RegularsError('customer_terminated', `customer ${customerId} is ${customer.status}`);
    const to = input.tierCode === null ? null : await this.byCode(actor.tenantId, input.tierCode);
    const current = (await this.customerTiers.lock(actor.tenantId, [customerId])).get(customerId) ?? null;
    const [move] = await this.apply(actor.tenantId, [{ customerId, fromTierId: current, toTierId: to?.id ?? null, reason: 'manual' }], { actor, note: input.note ?? null });
    return (await this.present(actor.tenantId, [move]))[0];
  }

  /**
   * Right after a closed tab, inside its transaction: the customer moves up if the visit
   * took them over a threshold. Downgrades wait for the job.
   */
  async upgradeAfterClose(tenantId: string, customerId: string, visitId: string): Promise<EventEffect[]> {
    const rules = await this.rules(tenantId);
    if (rules.length === 0) return [];
    const current = (await this.customerTiers.lock(tenantId, [customerId])).get(customerId);
    if (current === undefined) return [];
    const standing = (await this.standings.of(tenantId, [customerId], rules, this.config.clock.now())).get(customerId) ?? {};
    const decision = decideTier(rules, current, standing, null);
    if (!decision) return [];
    const [move] = await this.apply(tenantId, [{ customerId, fromTierId: current, ...plan(decision) }], { visitId });
    return [{ kind: 'tier_move', id: move.id, customerId, fromTierId: move.fromTierId, toTierId: move.toTierId, reason: move.reason }];
  }

  /**
   * In the job's transaction, moves customers whose tier is still what the plan started
   * from and whom no run moved this business day, under their row locks, deciding again on
   * standings read under those locks so a tab closed meanwhile counts. Answers the moves made.
   */
  async carryOut(tenantId: string, planned: PlannedMove[], rules: TierRule[], policy: DowngradePolicy | null, run: { runId: string; now: Date }): Promise<TierMove[]> {
    if (planned.length === 0) return [];
    const day = localDate(run.now, this.config.timeZone);
    const ids = planned.map((move) => move.customerId);
    const locked = await this.customerTiers.lock(tenantId, ids);
    const movedToday = new Set(await this.repository.customersMovedUnder(tenantId, ids.map((id) => jobMoveKey(day, id))));
    const standings = await this.standings.of(tenantId, ids, rules, run.now);
    const moves = planned.flatMap((move) => {
      if (movedToday.has(move.customerId) || !locked.has(move.customerId) || locked.get(move.customerId) !== move.fromTierId) return [];
      const decision = decideTier(rules, move.fromTierId, standings.get(move.customerId) ?? {}, policy);
      return decision ? [{ customerId: move.customerId, fromTierId: move.fromTierId, ...plan(decision) }] : [];
    });
    return this.apply(tenantId, moves, { runId: run.runId, day });
  }

  async moves(tenantId: string, customerId: string): Promise<TierMoveDto[]> {
    await this.customers.find(tenantId, customerId);
    const moves = await this.repository.latestMovesOf(tenantId, customerId, 200);
    return this.present(tenantId, moves);
  }

  /** When the customer entered their current tier. */
  async since(tenantId: string, customerId: string): Promise<Date | null> {
    const [last] = await this.repository.latestMovesOf(tenantId, customerId, 1);
    return last?.movedAt ?? null;
  }

  async present(tenantId: string, moves: TierMove[]): Promise<TierMoveDto[]> {
    const ids = [...new Set(moves.flatMap((move) => [move.fromTierId, move.toTierId]).filter((id): id is string => id !== null))];
    const tiers = ids.length ? await this.repository.tiersByIds(tenantId, ids) : [];
    const code = (id: string | null) => (id === null ? null : (tiers.find((tier) => tier.id === id)?.code ?? id));
    return moves.map(({ tenantId: _tenant, sourceKey: _key, fromTierId, toTierId, movedAt, ...move }) => ({
      ...move,
      fromTierCode: code(fromTierId),
      toTierCode: code(toTierId),
      movedAt: movedAt.toISOString(),
    }));
  }

  /** A terminated customer leaves their tier, the move recorded with the reason. */
  async exitOnTermination(actor: RequestActor, customer: { id: string; tierId: string | null }): Promise<void> {
    if (customer.tierId) await this.apply(actor.tenantId, [{ customerId: customer.id, fromTierId: customer.tierId, toTierId: null, reason: 'terminated' }], { actor, note: null });
  }

  /** Records the moves, sets the customers' tiers (one UPDATE per destination tier) and tells of the moves (one insert for the lot). */
  async apply(
    tenantId: string,
    moves: { customerId: string; fromTierId: string | null; toTierId: string | null; reason: MoveReason; metric?: TierMetric; value?: number; threshold?: number }[],
    source: MoveSource,
  ): Promise<TierMove[]> {
    const now = this.config.clock.now();
    const records: TierMove[] = moves.map((move) => {
      const id = newId('tm', now);
      return {
        tenantId,
        id,
        customerId: move.customerId,
        fromTierId: move.fromTierId,
        toTierId: move.toTierId,
        reason: move.reason,
        metric: move.metric ?? null,
        metricValue: move.value ?? null,
        threshold: move.threshold ?? null,
        movedAt: now,
        actorId: 'actor' in source ? source.actor.id : null,
        jobRunId: 'runId' in source ? source.runId : null,
        visitId: 'visitId' in source ? source.visitId : null,
        note: 'note' in source ? source.note : null,
        sourceKey: 'runId' in source ? jobMoveKey(source.day, move.customerId) : 'visitId' in source ? `visit:${source.visitId}` : `manual:${id}`,
      };
    });
    await this.repository.insertMoves(records);
    const byTier = new Map<string | null, string[]>();
    for (const move of records) byTier.set(move.toTierId, [...(byTier.get(move.toTierId) ?? []), move.customerId]);
    for (const [tierId, ids] of byTier) await this.customerTiers.setTier(tenantId, ids, tierId);
    const named = await this.namedTiers(tenantId, records);
    this.outbox.recordAll(
      tenantId,
      // A manager putting a guest into the tier they are in records a move, but no one moved.
      records.filter((move) => move.fromTierId !== move.toTierId).map((move) => ({
        type: 'tier.changed',
        data: { customerId: move.customerId, moveId: move.id, from: named(move.fromTierId), to: named(move.toTierId), reason: move.reason },
        customerId: move.customerId,
      })),
    );
    return records;
  }

  /** The code and name of each tier the moves name, from the kept list; one it does not have yet (made in this unit of work) is read. */
  private async namedTiers(tenantId: string, moves: TierMove[]): Promise<(id: string | null) => { code: string; name: string } | null> {
    const byId = new Map((await this.list(tenantId)).map((tier) => [tier.id, tier]));
    const unknown = [...new Set(moves.flatMap((move) => [move.fromTierId, move.toTierId]))].filter((id): id is string => id !== null && !byId.has(id));
    if (unknown.length > 0) for (const tier of await this.repository.tiersByIds(tenantId, unknown)) byId.set(tier.id, tier);
    // Tiers are never deleted: every id a move names is in the map.
    return (id) => (id === null ? null : { code: byId.get(id)!.code, name: byId.get(id)!.name });
  }

  private async checkCategories(tenantId: string, codes: string[]): Promise<void> {
    if (codes.length === 0) return;
    const known = new Set((await this.categories.all(tenantId)).map((category) => category.code));
    const unknown = codes.find((code) => !known.has(code));
    if (unknown) throw new RegularsError('unknown_category', `categories: there is no category ${unknown}`);
  }

  private async uniquely(tier: Tier, write: () => Promise<unknown>): Promise<void> {
    try {
      await write();
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      throw new RegularsError('tier_exists', `code or rank: tier ${tier.code} or rank ${tier.rank} is taken`, { tierCode: tier.code, rank: tier.rank });
    }
  }
}

function plan(decision: TierDecision) {
  return { toTierId: decision.toTierId, reason: decision.reason, metric: decision.metric, value: decision.value, threshold: decision.threshold };
}
