import { Inject, Injectable } from '@nestjs/common';
import { isUniqueViolation } from '../../common/database/database-errors.js';
import { RegularsError } from '../../common/errors/regulars-error.js';
import { newId } from '../../common/ids.js';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import type { RequestActor } from '../../common/security/request-actor.js';
import { validationFailed } from '../../common/validation/validation.js';
import { PromotionCategoriesService } from '../promotion-categories/promotion-categories.service.js';
import { generateCode, normalizeCode } from './code-text.js';
import type { CodeBatchDto, CreateCodeBatchDto, CreatePromoCodeDto, PromoCodeDto } from './dto/promo-code.dto.js';
import type { CodeRefusal, CodeTerms, CodeUseStatus, PromoCode, PromoCodeBatch, PromoCodeUse } from './promo-code.entity.js';
import { PromoCodesRepository } from './promo-codes.repository.js';

/** A code typed at the till and what it does for the tab. */
export type CodeOnTab = { code: string } & ({ status: 'applies'; categoryCode: string } | { status: 'refused'; reason: CodeRefusal });

/** The tab a code is checked for, and when. */
export interface CodeCheck {
  tenantId: string;
  tabId: string;
  customerId: string | null;
  at: Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Codes looked up per statement when a batch checks its draw against the codes there are. */
const LOOKUP_CHUNK = 1000;

/** The tab's codes as stored, each once; an entry of spaces and dashes alone is no code. */
const codeTexts = (typed: string[]): string[] => [...new Set(typed.map(normalizeCode))].filter((text) => text.length > 0);

/**
 * Why a code gives nothing to this tab now, or null when it applies. `elsewhere` are the
 * code's uses that hold it on other tabs.
 */
function refusalOf(code: PromoCode | undefined, elsewhere: PromoCodeUse[], check: CodeCheck): CodeRefusal | null {
  if (!code || !code.active) return 'unknown';
  if (code.validFrom && check.at < code.validFrom) return 'not_yet_valid';
  if (code.validTo && check.at > code.validTo) return 'expired';
  if (code.customerId && code.customerId !== check.customerId) return 'not_for_this_guest';
  switch (code.usage) {
    case 'single':
      return elsewhere.length > 0 ? 'used' : null;
    case 'limited':
      return elsewhere.length >= (code.maxUses ?? 1) ? 'used' : null;
    case 'per_guest':
      if (!check.customerId) return 'needs_guest';
      return elsewhere.some((use) => use.customerId === check.customerId) ? 'used' : null;
  }
}

/**
 * Promo codes and coupons: managed in the back office, checked at evaluate, set aside by a
 * pre-check and used by a close under the code's row lock — of two tabs taking the same
 * single-use code at once, exactly one gets it — and given back by a cancel or a full refund.
 */
@Injectable()
export class PromoCodesService {
  constructor(
    private readonly repository: PromoCodesRepository,
    private readonly categories: PromotionCategoriesService,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  async create(actor: RequestActor, input: CreatePromoCodeDto): Promise<PromoCodeDto> {
    // Spaces and dashes are not part of a code: '- - -' would be the empty code every blank entry matches.
    if (normalizeCode(input.code).length < 3) throw validationFailed(['code: must have at least 3 letters or digits']);
    const now = this.config.clock.now();
    const code: PromoCode = { ...(await this.terms(actor.tenantId, input)), tenantId: actor.tenantId, id: newId('pc', now), code: normalizeCode(input.code), batchId: null, customerId: input.customerId ?? null, active: true, createdAt: now, createdBy: actor.id };
    try {
      await this.repository.insertCodes([code]);
    } catch (error) {
      if (isUniqueViolation(error)) throw new RegularsError('code_exists', `code: the code ${code.code} exists already`);
      throw error;
    }
    return this.present(code, []);
  }

  /** Generates a batch of unguessable single codes; one taken already (1 in 2^50) is drawn again. */
  async createBatch(actor: RequestActor, input: CreateCodeBatchDto): Promise<CodeBatchDto> {
    const now = this.config.clock.now();
    const batch: PromoCodeBatch = { ...(await this.terms(actor.tenantId, input)), tenantId: actor.tenantId, id: newId('pb', now), name: input.name, count: input.count, createdAt: now, createdBy: actor.id };
    try {
      await this.repository.insertBatch(batch);
    } catch (error) {
      if (isUniqueViolation(error)) throw new RegularsError('code_batch_exists', `name: a batch ${input.name} exists already`);
      throw error;
    }
    const texts = new Set<string>();
    while (texts.size < input.count) texts.add(generateCode(input.prefix));
    const drawn = [...texts];
    for (let start = 0; start < drawn.length; start += LOOKUP_CHUNK) {
      for (const taken of await this.repository.codesByText(actor.tenantId, drawn.slice(start, start + LOOKUP_CHUNK))) texts.delete(taken.code);
    }
    while (texts.size < input.count) texts.add(generateCode(input.prefix));
    const { name: _name, count: _count, ...terms } = batch;
    await this.repository.insertCodes([...texts].map((text) => ({ ...terms, id: newId('pc', now), code: text, batchId: batch.id, customerId: null, active: true })));
    return this.presentBatch(batch);
  }

  /**
   * A next-order coupon for the guest: a generated single-use code of the category, theirs
   * alone, valid from `at` for `validDays`. Runs in the close's unit of work.
   */
  async issueCoupon(coupon: { tenantId: string; customerId: string; categoryCode: string; at: Date; validDays: number; issuedBy: string }): Promise<PromoCode> {
    const code: PromoCode = {
      tenantId: coupon.tenantId,
      id: newId('pc', coupon.at),
      code: generateCode(),
      batchId: null,
      categoryCode: coupon.categoryCode,
      usage: 'single',
      maxUses: null,
      validFrom: coupon.at,
      validTo: new Date(coupon.at.getTime() + coupon.validDays * DAY_MS),
      customerId: coupon.customerId,
      active: true,
      createdAt: this.config.clock.now(),
      createdBy: coupon.issuedBy,
    };
    await this.repository.insertCodes([code]);
    return code;
  }

  /** The guest's own coupons they can still use at `at`, soonest to end first: the card shows them. */
  /** Whether any code was ever given to the customer: a guest without one needs no look at their coupons. */
  async holdsCoupons(tenantId: string, customerId: string): Promise<boolean> {
    return (await this.repository.codesOfCustomer(tenantId, customerId)).length > 0;
  }

  async couponsOf(tenantId: string, customerId: string, at: Date): Promise<{ code: string; categoryCode: string; validTo: string | null }[]> {
    const coupons = await this.repository.codesOfCustomer(tenantId, customerId);
    const held = await this.repository.holdingUses(
      tenantId,
      coupons.map((coupon) => coupon.id),
      this.reservedSince(),
    );
    return coupons
      .filter((coupon) => coupon.active && !held.some((use) => use.codeId === coupon.id) && (!coupon.validFrom || coupon.validFrom <= at) && (!coupon.validTo || coupon.validTo >= at))
      .sort((a, b) => (a.validTo?.getTime() ?? Infinity) - (b.validTo?.getTime() ?? Infinity))
      .map((coupon) => ({ code: coupon.code, categoryCode: coupon.categoryCode, validTo: coupon.validTo?.toISOString() ?? null }));
  }

  async batches(tenantId: string): Promise<CodeBatchDto[]> {
    return (await this.repository.batches(tenantId)).map((batch) => this.presentBatch(batch));
  }

  /** The batch's codes for printing: the code, what a barcode or QR code carries, and the validity. */
  async batchCsv(tenantId: string, batchId: string): Promise<string> {
    const batch = await this.repository.batch(tenantId, batchId);
    if (!batch) throw RegularsError.notFound('code batch', batchId);
    const time = (value: Date | null) => value?.toISOString() ?? '';
    const rows = (await this.repository.codesOfBatch(tenantId, batchId)).map((code) => [code.code, code.code, time(code.validFrom), time(code.validTo)].join(','));
    return ['code,barcode,valid_from,valid_to', ...rows].join('\r\n') + '\r\n';
  }

  async get(tenantId: string, typed: string): Promise<PromoCodeDto> {
    const [code] = await this.repository.codesByText(tenantId, [normalizeCode(typed)]);
    if (!code) throw RegularsError.notFound('code', typed);
    return this.present(code, await this.repository.usesOfCode(tenantId, code.id));
  }

  /** What the tab's codes do for it now, writing nothing (evaluate). */
  async check(check: CodeCheck, typed: string[]): Promise<CodeOnTab[]> {
    const texts = codeTexts(typed);
    if (texts.length === 0) return [];
    const codes = await this.repository.codesByText(check.tenantId, texts);
    return this.decide(check, texts, codes);
  }

  /**
   * Sets the tab's codes that apply aside for it (`reserved`, at pre-check) or uses them
   * (`consumed`, at close), each under its row lock; the refused ones are answered as such.
   * Runs in the event's unit of work.
   */
  async take(check: CodeCheck, typed: string[], status: Exclude<CodeUseStatus, 'released'>): Promise<CodeOnTab[]> {
    const texts = codeTexts(typed);
    const mine = await this.repository.usesOfTab(check.tenantId, check.tabId, ['reserved', 'consumed', 'released']);
    const codes = texts.length > 0 ? await this.repository.lockCodes(check.tenantId, texts) : [];
    const now = this.config.clock.now();
    const decided = (await this.decide(check, texts, codes)).map((on): CodeOnTab => {
      const code = codes.find((candidate) => candidate.code === on.code);
      // What the pre-check set aside for the bill it printed is the close's, even if the code expired since.
      const setAside = mine.some((use) => use.codeId === code?.id && use.status === 'reserved');
      return setAside && on.status === 'refused' ? { code: on.code, status: 'applies', categoryCode: code!.categoryCode } : on;
    });
    for (const on of decided) {
      if (on.status !== 'applies') continue;
      const code = codes.find((candidate) => candidate.code === on.code)!;
      const earlier = mine.find((use) => use.codeId === code.id);
      await this.repository.saveUse({ tenantId: check.tenantId, codeId: code.id, tabId: check.tabId, customerId: check.customerId, status, createdAt: earlier?.createdAt ?? now, updatedAt: now });
    }
    // A code set aside at pre-check and taken off the tab since goes back.
    const kept = new Set(codes.map((code) => code.id));
    for (const use of mine) if (use.status === 'reserved' && !kept.has(use.codeId)) await this.repository.saveUse({ ...use, status: 'released', updatedAt: now });
    return decided;
  }

  /** Gives back the tab's codes in these states (a cancelled tab's set-aside ones; a fully refunded tab's used ones); answers the codes. */
  async giveBack(tenantId: string, tabId: string, statuses: CodeUseStatus[]): Promise<string[]> {
    const uses = await this.repository.usesOfTab(tenantId, tabId, statuses);
    if (uses.length === 0) return [];
    const now = this.config.clock.now();
    for (const use of uses) await this.repository.saveUse({ ...use, status: 'released', updatedAt: now });
    return (await this.repository.codesByIds(tenantId, uses.map((use) => use.codeId))).map((code) => code.code).sort();
  }

  /** A pre-check's reservation older than this was of a tab the host lost: it holds its codes no longer. */
  private reservedSince(): Date {
    return new Date(this.config.clock.now().getTime() - this.config.codeReservationHours * 3_600_000);
  }

  private async decide(check: CodeCheck, texts: string[], codes: PromoCode[]): Promise<CodeOnTab[]> {
    const elsewhere = await this.repository.holdingUsesElsewhere(
      check.tenantId,
      codes.map((code) => code.id),
      check.tabId,
      this.reservedSince(),
    );
    return texts.map((text) => {
      const code = codes.find((candidate) => candidate.code === text);
      const reason = refusalOf(
        code,
        elsewhere.filter((use) => use.codeId === code?.id),
        check,
      );
      return reason ? { code: text, status: 'refused', reason } : { code: text, status: 'applies', categoryCode: code!.categoryCode };
    });
  }

  /** A code's or batch's category, usage and validity, checked. */
  private async terms(tenantId: string, input: CreatePromoCodeDto | CreateCodeBatchDto): Promise<CodeTerms> {
    const validFrom = input.validFrom ? new Date(input.validFrom) : null;
    const validTo = input.validTo ? new Date(input.validTo) : null;
    if (validFrom && validTo && validTo <= validFrom) throw validationFailed(['validTo: must be after validFrom']);
    if (!(await this.categories.byCode(tenantId, input.categoryCode))) throw new RegularsError('unknown_category', `categoryCode: there is no category ${input.categoryCode}`);
    return { categoryCode: input.categoryCode, usage: input.usage, maxUses: input.usage === 'limited' ? input.maxUses! : null, validFrom, validTo };
  }

  private present(code: PromoCode, uses: PromoCodeUse[]): PromoCodeDto {
    const { tenantId: _tenant, createdAt: _created, createdBy: _by, ...shown } = code;
    return {
      ...shown,
      validFrom: code.validFrom?.toISOString() ?? null,
      validTo: code.validTo?.toISOString() ?? null,
      used: uses.filter((use) => use.status !== 'released').length,
      uses: uses.map((use) => ({ tabId: use.tabId, customerId: use.customerId, status: use.status, createdAt: use.createdAt.toISOString(), updatedAt: use.updatedAt.toISOString() })),
    };
  }

  private presentBatch(batch: PromoCodeBatch): CodeBatchDto {
    const { tenantId: _tenant, createdBy: _by, ...shown } = batch;
    return { ...shown, validFrom: batch.validFrom?.toISOString() ?? null, validTo: batch.validTo?.toISOString() ?? null, createdAt: batch.createdAt.toISOString() };
  }
}
