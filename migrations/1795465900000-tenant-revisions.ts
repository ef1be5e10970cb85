import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The promotions revision now also covers rewards, tiers, account types and settings. */
export class TenantRevisions1795465900000 implements MigrationInterface {
  name = 'TenantRevisions1795465900000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.renameTable('rc_promotion_revisions', 'rc_tenant_revisions');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.renameTable('rc_tenant_revisions', 'rc_promotion_revisions');
  }
}
