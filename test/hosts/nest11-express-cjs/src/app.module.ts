import { Module } from '@nestjs/common';
import { RegularsModule } from '@regulars/plugin';

@Module({
  imports: [
    RegularsModule.forRoot({
      // The embedded SQLite file ./var/regulars.sqlite when DATABASE_URL is unset (better-sqlite3 installed beside).
      database: { url: process.env.DATABASE_URL },
      tenantSecrets: { 'brand-1': process.env.REGULARS_SECRET_BRAND_1! },
      runMigrations: true,
    }),
  ],
})
export class AppModule {}
