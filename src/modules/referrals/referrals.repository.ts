import { Injectable } from '@nestjs/common';
import { lockRows } from '../../common/database/bulk-writes.js';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { Referral, ReferralCode, ReferralProgram } from './referral.entity.js';

/** The referral programmes, codes and referrals as stored. */
@Injectable()
export class ReferralsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  programOf(tenantId: string): Promise<ReferralProgram | null> {
    return this.uow.read((manager) => manager.findOneBy(ReferralProgram, { tenantId }));
  }

  async saveProgram(program: ReferralProgram): Promise<void> {
    await this.uow.manager.save(ReferralProgram, program);
  }

  codeOfCustomer(tenantId: string, customerId: string): Promise<ReferralCode | null> {
    return this.uow.read((manager) => manager.findOneBy(ReferralCode, { tenantId, customerId }));
  }

  codeByText(tenantId: string, code: string): Promise<ReferralCode | null> {
    return this.uow.read((manager) => manager.findOneBy(ReferralCode, { tenantId, code }));
  }

  async insertCode(code: ReferralCode): Promise<void> {
    await this.uow.manager.insert(ReferralCode, code);
  }

  referralOf(tenantId: string, refereeId: string): Promise<Referral | null> {
    return this.uow.read((manager) => manager.findOneBy(Referral, { tenantId, refereeId }));
  }

  /** The new guest's referral under its row lock, so two closes at once reward once. */
  async lockReferralOf(tenantId: string, refereeId: string): Promise<Referral | null> {
    const [referral] = await lockRows(this.uow.manager, Referral, 'tenant_id = ? AND referee_id = ?', [tenantId, refereeId]);
    return referral ?? null;
  }

  async insertReferral(referral: Referral): Promise<void> {
    await this.uow.manager.insert(Referral, referral);
  }

  async markRewarded(tenantId: string, refereeId: string, visitId: string, at: Date): Promise<void> {
    await this.uow.manager.update(Referral, { tenantId, refereeId }, { status: 'rewarded', visitId, rewardedAt: at });
  }

  referredBy(tenantId: string, referrerId: string): Promise<Referral[]> {
    return this.uow.read((manager) => manager.find(Referral, { where: { tenantId, referrerId }, order: { createdAt: 'ASC' } }));
  }

  countReferredBy(tenantId: string, referrerId: string): Promise<number> {
    return this.uow.read((manager) => manager.countBy(Referral, { tenantId, referrerId }));
  }
}
