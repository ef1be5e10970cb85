import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateOrders1700000000000 implements MigrationInterface {
  name = 'CreateOrders1700000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE TABLE pos_orders (id INT AUTO_INCREMENT PRIMARY KEY, `table` VARCHAR(64) NOT NULL)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE pos_orders');
  }
}
