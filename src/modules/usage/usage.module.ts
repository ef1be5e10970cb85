import { Module } from '@nestjs/common';
import { DailyUsage } from './daily-usage.service.js';
import { UsageRepository } from './usage.repository.js';

@Module({ providers: [DailyUsage, UsageRepository], exports: [DailyUsage] })
export class UsageModule {}
