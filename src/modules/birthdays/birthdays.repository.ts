import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { BirthdayBenefit } from './birthday-benefit.entity.js';

/** The tenants' birthday benefits. */
@Injectable()
export class BirthdaysRepository {
  constructor(private readonly uow: UnitOfWork) {}

  async tenantsGivingGifts(): Promise<string[]> {
    return (await this.uow.read((manager) => manager.findBy(BirthdayBenefit, { enabled: true }))).map((benefit) => benefit.tenantId);
  }

  benefitOf(tenantId: string): Promise<BirthdayBenefit | null> {
    return this.uow.read((manager) => manager.findOneBy(BirthdayBenefit, { tenantId }));
  }

  async saveBenefit(benefit: Partial<BirthdayBenefit> & Pick<BirthdayBenefit, 'tenantId'>): Promise<void> {
    await this.uow.manager.save(BirthdayBenefit, benefit);
  }
}
