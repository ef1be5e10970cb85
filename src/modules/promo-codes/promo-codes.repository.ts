import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { bindable, insertRows, lockRows, placeholders, selectRows } from '../../common/database/bulk-writes.js';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { GuestCards } from '../guest-cards/guest-cards.service.js';
import { PromoCode, PromoCodeBatch, PromoCodeUse, type CodeUseStatus } from './promo-code.entity.js';

/**
 * The uses that keep a code from another tab: used by a close, or set aside by a pre-check
 * since `reservedSince` (a tab the host lost after its pre-check holds its codes no longer).
 */
const HOLDING = `(status = 'consumed' OR (status = 'reserved' AND updated_at >= ?))`;

/** Promo codes, their batches and the tabs they are on, as stored. */
@Injectable()
export class PromoCodesRepository {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly guestCards: GuestCards,
  ) {}

  async insertCodes(codes: PromoCode[]): Promise<void> {
    await insertRows(this.uow.manager, PromoCode, codes);
    this.guestCards.changedRows(codes);
  }

  async insertBatch(batch: PromoCodeBatch): Promise<void> {
    await this.uow.manager.insert(PromoCodeBatch, batch);
  }

  codesByText(tenantId: string, codes: string[]): Promise<PromoCode[]> {
    return this.uow.read((manager) => manager.findBy(PromoCode, { tenantId, code: In(codes) }));
  }

  codesByIds(tenantId: string, ids: string[]): Promise<PromoCode[]> {
    return this.uow.read((manager) => manager.findBy(PromoCode, { tenantId, id: In(ids) }));
  }

  /** The codes of a tab's snapshot, locked in id order so two tabs with the same codes wait rather than deadlock. */
  lockCodes(tenantId: string, codes: string[]): Promise<PromoCode[]> {
    return lockRows(this.uow.manager, PromoCode, `tenant_id = ? AND code IN (${placeholders(codes)})`, [tenantId, ...codes], { orderBy: 'id' });
  }

  codesOfBatch(tenantId: string, batchId: string): Promise<PromoCode[]> {
    return this.uow.read((manager) => manager.find(PromoCode, { where: { tenantId, batchId }, order: { code: 'ASC' } }));
  }

  batch(tenantId: string, id: string): Promise<PromoCodeBatch | null> {
    return this.uow.read((manager) => manager.findOneBy(PromoCodeBatch, { tenantId, id }));
  }

  batches(tenantId: string): Promise<PromoCodeBatch[]> {
    return this.uow.read((manager) => manager.find(PromoCodeBatch, { where: { tenantId }, order: { id: 'DESC' } }));
  }

  /** The uses of these codes that hold them on tabs other than this one. */
  holdingUsesElsewhere(tenantId: string, codeIds: string[], tabId: string, reservedSince: Date): Promise<PromoCodeUse[]> {
    if (codeIds.length === 0) return Promise.resolve([]);
    return this.uow.read((manager) =>
      selectRows(manager, PromoCodeUse, `tenant_id = ? AND code_id IN (${placeholders(codeIds)}) AND tab_id <> ? AND ${HOLDING}`, [
        tenantId,
        ...codeIds,
        tabId,
        bindable(manager, PromoCodeUse, 'updatedAt', reservedSince),
      ]),
    );
  }

  /** A guest's own codes (their coupons). */
  codesOfCustomer(tenantId: string, customerId: string): Promise<PromoCode[]> {
    return this.uow.read((manager) => manager.findBy(PromoCode, { tenantId, customerId }));
  }

  /** The uses that hold these codes on any tab. */
  holdingUses(tenantId: string, codeIds: string[], reservedSince: Date): Promise<PromoCodeUse[]> {
    if (codeIds.length === 0) return Promise.resolve([]);
    return this.uow.read((manager) =>
      selectRows(manager, PromoCodeUse, `tenant_id = ? AND code_id IN (${placeholders(codeIds)}) AND ${HOLDING}`, [tenantId, ...codeIds, bindable(manager, PromoCodeUse, 'updatedAt', reservedSince)]),
    );
  }

  usesOfCode(tenantId: string, codeId: string): Promise<PromoCodeUse[]> {
    return this.uow.read((manager) => manager.find(PromoCodeUse, { where: { tenantId, codeId }, order: { createdAt: 'ASC' } }));
  }

  usesOfTab(tenantId: string, tabId: string, statuses: CodeUseStatus[]): Promise<PromoCodeUse[]> {
    return this.uow.read((manager) => selectRows(manager, PromoCodeUse, `tenant_id = ? AND tab_id = ? AND status IN (${placeholders(statuses)})`, [tenantId, tabId, ...statuses]));
  }

  async saveUse(use: PromoCodeUse): Promise<void> {
    await this.uow.manager.save(PromoCodeUse, use);
  }
}
