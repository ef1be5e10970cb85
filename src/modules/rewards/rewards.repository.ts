import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { Reward } from './reward.entity.js';

/** The rewards catalogue, as stored. */
@Injectable()
export class RewardsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** Cheapest first, then by code. */
  catalogueOf(tenantId: string): Promise<Reward[]> {
    return this.uow.read((manager) => manager.find(Reward, { where: { tenantId }, order: { price: 'ASC', code: 'ASC' } }));
  }

  /** By code. */
  rewardsOf(tenantId: string): Promise<Reward[]> {
    return this.uow.read((manager) => manager.find(Reward, { where: { tenantId }, order: { code: 'ASC' } }));
  }

  reward(tenantId: string, id: string): Promise<Reward | null> {
    return this.uow.read((manager) => manager.findOneBy(Reward, { tenantId, id }));
  }

  rewardsByIds(tenantId: string, ids: string[]): Promise<Reward[]> {
    return this.uow.read((manager) => manager.findBy(Reward, { tenantId, id: In(ids) }));
  }

  async insertReward(reward: Reward): Promise<void> {
    await this.uow.manager.insert(Reward, reward);
  }

  async saveReward(reward: Reward): Promise<void> {
    await this.uow.manager.save(Reward, reward);
  }
}
