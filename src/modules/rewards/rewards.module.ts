import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { RewardsController } from './rewards.controller.js';
import { RewardsRepository } from './rewards.repository.js';
import { RewardsService } from './rewards.service.js';

@Module({ imports: [AccountsModule], controllers: [RewardsController], providers: [RewardsService, RewardsRepository], exports: [RewardsService] })
export class RewardsModule {}
