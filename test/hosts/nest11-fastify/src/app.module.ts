import { Module } from '@nestjs/common';
import { RegularsModule } from '@regulars/plugin';
import { CustomersController } from './customers.controller';

@Module({
  imports: [
    RegularsModule.forRoot({
      database: { url: process.env.DATABASE_URL },
      tenantSecrets: { 'brand-1': process.env.REGULARS_SECRET_BRAND_1! },
      runMigrations: true,
      routePrefix: 'loyalty', // POST /loyalty/hooks/guest-tab, /loyalty/ui/, …
    }),
  ],
  controllers: [CustomersController],
})
export class AppModule {}
