import { Module } from '@nestjs/common';
import { DailyUsage } from './daily-usage.service.js';

@Module({ providers: [DailyUsage], exports: [DailyUsage] })
export class UsageModule {}
