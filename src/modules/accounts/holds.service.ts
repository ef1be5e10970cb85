import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { startOfLocalDay } from '../../common/calendar.js';
import { isUniqueViolation } from '../../common/database/database-errors.js';
import { RetryableConflict } from '../../common/database/retryable-conflict.js';
import type { ErrorCode } from '../../common/errors/error-codes.js';
import { RegularsError } from '../../common/errors/regulars-error.js';
import { newId } from '../../common/ids.js';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import type { RequestActor } from '../../common/security/request-actor.js';
import { DailyUsage } from '../usage/daily-usage.service.js';
import { AccountsRepository } from './accounts.repository.js';
import type { CreateHoldDto, HoldDto } from './dto/hold.dto.js';
import type { AccountType } from './entities/account-type.entity.js';
import type { Hold, HoldStatus } from './entities/hold.entity.js';
import { Ledger, requireAvailable, requireOpen, type LedgerContext, type LockedAccount } from './ledger.service.js';

export function presentHold(hold: Hold): HoldDto {
  return {
    holdId: hold.id,
    accountId: hold.accountId,
    tabId: hold.tabId,
    amount: hold.amount,
    status: hold.status,
    capturedAmount: hold.capturedAmount,
    expiresAt: hold.expiresAt.toISOString(),
    rewardId: hold.rewardId,
  };
}

/** A hold and its account, both locked. */
export interface LockedHold {
  hold: Hold;
  locked: LockedAccount;
}

export interface HoldLimits {
  /** Whose spending it is, for the daily limits. */
  customerId: string | null;
  /** What the sales rules still allow this customer to spend today from this account type. */
  ruleAllowanceLeft: number | null;
}

/** A hold that is no longer open refuses a capture, with one literal code per status so each can be searched for. */
const SETTLED_HOLD = { captured: 'hold_captured', released: 'hold_released' } as const satisfies Record<Exclude<HoldStatus, 'open'>, ErrorCode>;

/**
 * Bonus payments at the till: a hold sets balance aside for a tab, and resolves exactly
 * once — captured when the tab closes (the rest released), or released when it does not.
 */
@Injectable()
export class HoldsService {
  constructor(
    private readonly repository: AccountsRepository,
    private readonly ledger: Ledger,
    private readonly usage: DailyUsage,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  /**
   * Holds an amount against the available balance. The same idempotency key answers the
   * same hold, however often and however concurrently it is sent; with another request it
   * is refused with 422 and nothing is written.
   */
  async create(actor: RequestActor, input: CreateHoldDto, limits: HoldLimits): Promise<HoldDto> {
    const requestHash = holdRequestHash(input);
    const earlier = answerAgain(await this.repository.holdWithKey(actor.tenantId, input.idempotencyKey), actor, requestHash);
    if (earlier) return earlier;
    const locked = await this.ledger.lock(actor.tenantId, input.accountId);
    requireOpen(locked, true);
    const now = this.config.clock.now();
    await this.releaseExpired(locked, now);
    requireAvailable(locked, input.amount);
    await this.checkDailyLimits(locked, input.amount, limits, now);
    const hold: Hold = {
      tenantId: actor.tenantId,
      id: newId('h', now),
      accountId: input.accountId,
      tabId: input.tabId,
      amount: input.amount,
      capturedAmount: 0,
      status: 'open',
      idempotencyKey: input.idempotencyKey,
      requestHash,
      rewardId: input.rewardId ?? null,
      customerId: limits.customerId,
      actorId: actor.id,
      expiresAt: new Date(now.getTime() + this.config.holdTtlSeconds * 1000),
      createdAt: now,
      resolvedAt: null,
    };
    try {
      await this.repository.insertHold(hold);
    } catch (error) {
      // The same key sent twice at once: the next run finds the hold the first one made.
      if (isUniqueViolation(error)) throw new RetryableConflict(`hold ${input.idempotencyKey} made concurrently`);
      throw error;
    }
    await this.ledger.write(locked, 'hold', { amount: 0, held: input.amount }, this.context(actor, hold));
    return presentHold(hold);
  }

  /**
   * The answer a hold request got already under its idempotency key (one indexed read), so
   * a till's retry is answered before anything is priced or locked; 422 for another request.
   */
  async earlier(actor: RequestActor, input: CreateHoldDto): Promise<HoldDto | null> {
    return answerAgain(await this.repository.holdWithKey(actor.tenantId, input.idempotencyKey), actor, holdRequestHash(input));
  }

  /**
   * Releases a hold; releasing one already released is not an error, a captured one is.
   * A caller that read the hold already names its account, which saves reading it again.
   */
  async release(context: LedgerContext, holdId: string, accountId?: string): Promise<void> {
    const { hold, locked } = await this.lockHold(context.tenantId, holdId, accountId);
    if (hold.status === 'released') return;
    if (hold.status === 'captured') {
      throw new RegularsError('hold_captured', `hold ${holdId} was captured by the closed tab`, { hold: holdId });
    }
    await this.resolve(locked, hold, 0, context);
  }

  /**
   * Takes `amount` of the hold for good (it may be less than was held: the rest is
   * released). Capturing again with the same amount answers the same; a hold already
   * released, or a capture beyond the hold, is refused with 409.
   */
  async capture(context: LedgerContext, holdId: string, amount: number, accountId?: string): Promise<{ captured: number; released: number; type: AccountType }> {
    return this.captureLocked(context, await this.lockHold(context.tenantId, holdId, accountId), amount);
  }

  /** The hold and its account, locked until the unit of work ends: a close checks who may spend the account, then captures. */
  lockForCapture(tenantId: string, holdId: string, accountId: string): Promise<LockedHold> {
    return this.lockHold(tenantId, holdId, accountId);
  }

  async captureLocked(context: LedgerContext, { hold, locked }: LockedHold, amount: number): Promise<{ captured: number; released: number; type: AccountType }> {
    if (hold.status === 'captured' && hold.capturedAmount === amount) return { captured: amount, released: hold.amount - amount, type: locked.type };
    if (hold.status !== 'open') {
      throw new RegularsError(SETTLED_HOLD[hold.status], `hold ${hold.id} was ${hold.status} already`, { hold: hold.id });
    }
    if (amount > hold.amount) {
      throw new RegularsError('capture_exceeds_hold', `hold ${hold.id} holds ${hold.amount}, ${amount} was to be captured`, {
        hold: hold.id,
        held: hold.amount,
      });
    }
    await this.resolve(locked, hold, amount, context);
    return { captured: amount, released: hold.amount - amount, type: locked.type };
  }

  /** A manager's reset: every open hold of the account older than the given age is released. */
  async resetHolds(actor: RequestActor, accountId: string, olderThanMinutes: number, reason: string): Promise<{ released: number; amount: number }> {
    const locked = await this.ledger.lock(actor.tenantId, accountId);
    const before = new Date(this.config.clock.now().getTime() - olderThanMinutes * 60_000);
    const stale = await this.repository.openHoldsMadeBy(actor.tenantId, accountId, before);
    const context = { tenantId: actor.tenantId, actorId: actor.id, actorName: actor.name ?? null, reason };
    for (const hold of stale) await this.resolve(locked, hold, 0, context);
    return { released: stale.length, amount: stale.reduce((sum, hold) => sum + hold.amount, 0) };
  }

  /** Every open hold of an account, released (a terminated membership). */
  async releaseAllOf(tenantId: string, accountId: string, context: LedgerContext): Promise<void> {
    const locked = await this.ledger.lock(tenantId, accountId);
    const open = await this.repository.openHoldsOfAccount(tenantId, accountId);
    for (const hold of open) await this.resolve(locked, hold, 0, context);
  }

  /** Open holds go with their guest or their lines to another tab (a guest's part, a split, a merge), to be settled by its close. */
  moveToTab(tenantId: string, holdIds: string[], tabId: string): Promise<void> {
    return this.repository.moveHolds(tenantId, holdIds, tabId);
  }

  openForTab(tenantId: string, tabId: string): Promise<Hold[]> {
    return this.repository.openHoldsOfTab(tenantId, tabId);
  }

  /** An account's open holds, as staff see them. */
  openOfAccount(tenantId: string, accountId: string): Promise<Hold[]> {
    return this.repository.openHoldsOfAccount(tenantId, accountId);
  }

  find(tenantId: string, holdId: string): Promise<Hold | null> {
    return this.repository.hold(tenantId, holdId);
  }

  /** Open holds past their time, oldest first, for the stale-hold job. */
  expiredHolds(tenantId: string, now: Date, limit: number): Promise<Hold[]> {
    return this.repository.expiredHolds(tenantId, now, limit);
  }

  /** Releases one hold if it is still open and expired; answers whether it did. */
  async releaseIfExpired(tenantId: string, holdId: string, now: Date): Promise<boolean> {
    const { hold, locked } = await this.lockHold(tenantId, holdId);
    if (hold.status !== 'open' || hold.expiresAt >= now) return false;
    await this.resolve(locked, hold, 0, { tenantId, actorId: null, reason: 'hold expired' });
    return true;
  }

  /** The account's expired holds give their balance back before anything new is held. */
  private async releaseExpired(locked: LockedAccount, now: Date): Promise<void> {
    const { tenantId, id } = locked.account;
    const expired = await this.repository.expiredHoldsOfAccount(tenantId, id, now);
    for (const hold of expired) await this.resolve(locked, hold, 0, { tenantId, actorId: null, reason: 'hold expired' });
  }

  private async checkDailyLimits(locked: LockedAccount, amount: number, limits: HoldLimits, now: Date): Promise<void> {
    const { type, account } = locked;
    if (!limits.customerId || (type.dailySpendLimit === null && limits.ruleAllowanceLeft === null)) return;
    const day = this.usage.dayOf(now);
    const heldToday = await this.repository.openHoldsOfCustomerSince(account.tenantId, account.id, limits.customerId, startOfLocalDay(day, this.config.timeZone));
    const pending = heldToday.reduce((sum, hold) => sum + hold.amount, 0);
    const spent = (await this.usage.today(account.tenantId, limits.customerId, day)).bonusSpent[type.code] ?? 0;
    const leftByType = type.dailySpendLimit === null ? Infinity : type.dailySpendLimit - spent - pending;
    const leftByRules = limits.ruleAllowanceLeft === null ? Infinity : limits.ruleAllowanceLeft - pending;
    const left = Math.min(leftByType, leftByRules);
    if (amount > left) {
      throw new RegularsError('daily_limit', `the customer may spend ${Math.max(0, left)} more of ${type.code} today`, {
        left: Math.max(0, left),
        requested: amount,
      });
    }
  }

  /** The hold's row, locked after its account's (the same order everywhere); a hold never changes account. */
  private async lockHold(tenantId: string, holdId: string, accountId?: string): Promise<LockedHold> {
    let account = accountId;
    if (!account) {
      const peek = await this.repository.hold(tenantId, holdId);
      if (!peek) throw RegularsError.notFound('hold', holdId);
      account = peek.accountId;
    }
    const locked = await this.ledger.lock(tenantId, account);
    const hold = await this.repository.lockHold(tenantId, holdId, account);
    if (!hold) throw RegularsError.notFound('hold', holdId);
    return { hold, locked };
  }

  /** Captures `captured` of the hold and releases the rest, in entries and on the hold row. */
  private async resolve(locked: LockedAccount, hold: Hold, captured: number, context: LedgerContext): Promise<void> {
    const entryContext = { ...this.context(null, hold), ...context, holdId: hold.id, tabId: hold.tabId, customerId: hold.customerId };
    if (captured > 0) {
      await this.ledger.consumeLots(locked.account, captured);
      await this.ledger.write(locked, 'capture', { amount: -captured, held: -captured }, entryContext);
      if (hold.customerId) {
        await this.usage.add(hold.tenantId, hold.customerId, this.usage.dayOf(this.config.clock.now()), `bonus_spent:${locked.type.code}`, captured);
      }
    }
    if (hold.amount > captured) await this.ledger.write(locked, 'release', { amount: 0, held: -(hold.amount - captured) }, entryContext);
    const status = captured > 0 ? 'captured' : 'released';
    Object.assign(hold, { status, capturedAmount: captured, resolvedAt: this.config.clock.now() });
    await this.repository.saveResolution(hold);
  }

  private context(actor: RequestActor | null, hold: Hold): LedgerContext {
    return {
      tenantId: hold.tenantId,
      actorId: actor?.id ?? hold.actorId,
      actorName: actor?.name ?? null,
      customerId: hold.customerId,
      tabId: hold.tabId,
      holdId: hold.id,
    };
  }
}

/** What makes two hold requests the same: the tab, the account, the amount and the reward. */
function holdRequestHash(input: CreateHoldDto): string {
  return createHash('sha256')
    .update(JSON.stringify([input.tabId, input.accountId, input.amount, input.rewardId ?? null]))
    .digest('hex');
}

function answerAgain(earlier: Hold | null, actor: RequestActor, requestHash: string): HoldDto | null {
  if (!earlier) return null;
  if (earlier.actorId !== actor.id) {
    throw new RegularsError('idempotency_key_reused', 'idempotencyKey was already used by another actor; nothing was written');
  }
  if (earlier.requestHash !== requestHash) {
    throw new RegularsError('idempotency_key_reused', 'idempotencyKey was already used for a different hold; nothing was written');
  }
  return presentHold(earlier);
}
