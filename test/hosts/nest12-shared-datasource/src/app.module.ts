import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { REGULARS_ENTITIES, RegularsModule } from '@regulars/plugin';
import { DataSource } from 'typeorm';
import { CreateOrders1700000000000 } from './create-orders.migration.js';
import { Order } from './order.entity.js';
import { OrdersController } from './orders.controller.js';

@Module({
  imports: [
    // The host's own DataSource: its entities beside the plugin's; its migrations only (the plugin runs its own).
    TypeOrmModule.forRoot({
      type: 'mariadb',
      url: process.env.DATABASE_URL,
      timezone: 'Z',
      entities: [Order, ...REGULARS_ENTITIES],
      migrations: [CreateOrders1700000000000],
      migrationsRun: true,
    }),
    TypeOrmModule.forFeature([Order]),
    RegularsModule.forRootAsync({
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => ({
        database: { dataSource },
        tenantSecrets: { 'brand-1': process.env.REGULARS_SECRET_BRAND_1! },
        runMigrations: true, // recorded in rc_migrations, apart from the host's
      }),
    }),
  ],
  controllers: [OrdersController],
})
export class AppModule {}
