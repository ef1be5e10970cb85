import { Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { RegularsModule } from '@regulars/plugin';
import { TillController } from './till.controller.js';

@Module({
  imports: [
    EventEmitterModule.forRoot(), // only for the event-emitter transport
    RegularsModule.forRoot({
      database: { url: process.env.DATABASE_URL }, // mysql://user:password@host:3306/database
      tenantSecrets: { 'brand-1': process.env.REGULARS_SECRET_BRAND_1! },
      timeZone: 'Europe/Stockholm',
      defaultCurrency: 'EUR',
    }),
  ],
  controllers: [TillController],
})
export class AppModule {}
