import { Injectable } from '@nestjs/common';
import { LessThan, Like, type FindOptionsWhere } from 'typeorm';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { GiftCard, type GiftCardStatus } from './gift-card.entity.js';

/** Gift cards as stored. */
@Injectable()
export class GiftCardsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  async insert(card: GiftCard): Promise<void> {
    await this.uow.manager.insert(GiftCard, card);
  }

  byCode(tenantId: string, code: string): Promise<GiftCard | null> {
    return this.uow.read((manager) => manager.findOneBy(GiftCard, { tenantId, code }));
  }

  bySale(tenantId: string, saleId: string): Promise<GiftCard | null> {
    return this.uow.read((manager) => manager.findOneBy(GiftCard, { tenantId, saleId }));
  }

  /** Newest first; `codeStart` narrows to the codes that begin with it. */
  list(tenantId: string, filter: { codeStart?: string; before?: string; take: number }): Promise<GiftCard[]> {
    const where: FindOptionsWhere<GiftCard> = { tenantId };
    if (filter.codeStart) where.code = Like(`${filter.codeStart}%`);
    if (filter.before) where.id = LessThan(filter.before);
    return this.uow.read((manager) => manager.find(GiftCard, { where, order: { id: 'DESC' }, take: filter.take }));
  }

  async setStatus(tenantId: string, id: string, status: GiftCardStatus, at: Date): Promise<void> {
    await this.uow.manager.update(GiftCard, { tenantId, id }, { status, voidedAt: at });
  }
}
