import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { GuestTabHooks, REGULARS_ENTITIES, REGULARS_MIGRATIONS, RegularsModule, type RegularsOptions } from '../../src/index.js';
import { createTestDatabase, TEST_ENGINES, type TestDatabase } from '../support/databases.js';
import { tabEvent } from '../support/events.js';
import { TEST_SECRETS } from '../support/plugin.js';

async function boot(imports: unknown[]) {
  @Module({ imports: imports as never[] })
  class HostAppModule {}
  const app = await NestFactory.create(HostAppModule, { logger: false, abortOnError: false });
  await app.init();
  return app;
}

describe.each(TEST_ENGINES)('RegularsModule as a host imports it (%s)', (engine) => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await createTestDatabase(engine);
  });
  afterEach(() => database.drop());

  const options = (patch: Partial<RegularsOptions> = {}): RegularsOptions => ({
    database: { url: database.url },
    tenantSecrets: TEST_SECRETS,
    runMigrations: true,
    ...patch,
  });

  it('refuses to start on a bad option and names it', async () => {
    await expect(boot([RegularsModule.forRoot(options({ timeZone: 'Europe/Atlantis' }))])).rejects.toThrow(
      /Regulars option "timeZone" must be an IANA time zone/,
    );
  });

  it('refuses to start on pending migrations unless told to run them', async () => {
    await expect(boot([RegularsModule.forRoot(options({ runMigrations: false }))])).rejects.toThrow(/npx regulars migrate run/);
    const app = await boot([RegularsModule.forRoot(options({ runMigrations: true }))]);
    await app.close();
    const again = await boot([RegularsModule.forRoot(options({ runMigrations: false }))]);
    await again.close();
  });

  it('takes its options from the host’s own providers with forRootAsync', async () => {
    @Injectable()
    class HostSettings {
      readonly secrets = TEST_SECRETS;
    }
    @Module({ providers: [HostSettings], exports: [HostSettings] })
    class HostSettingsModule {}

    const app = await boot([
      RegularsModule.forRootAsync({
        imports: [HostSettingsModule],
        inject: [HostSettings],
        useFactory: (settings: HostSettings) => options({ tenantSecrets: settings.secrets }),
      }),
    ]);
    try {
      expect((await app.get(GuestTabHooks).handle(tabEvent('guest_tab.opened', { tabId: 'async-1' }))).status).toBe('applied');
    } finally {
      await app.close();
    }
  });

  describe('sharing the host’s DataSource', () => {
    /** The host's own DataSource on the test database, as a host would configure it. */
    const hostDataSource = (options: Partial<DataSourceOptions> = {}) =>
      new DataSource(
        (engine === 'sqlite'
          ? { type: 'better-sqlite3', database: database.url.slice('sqlite:'.length), ...options }
          : { type: 'mariadb', url: database.url, timezone: 'Z', ...options }) as DataSourceOptions,
      );

    /** A host's own migration, still pending: the plugin must neither run it nor wait for it. */
    class HostOrders1700000000000 {
      name = 'HostOrders1700000000000';
      async up(runner: { query(sql: string): Promise<unknown> }) {
        await runner.query('CREATE TABLE host_orders (id INTEGER PRIMARY KEY)');
      }
      async down(runner: { query(sql: string): Promise<unknown> }) {
        await runner.query('DROP TABLE host_orders');
      }
    }
    const tableCount = async (dataSource: DataSource, table: string) =>
      Number(
        (
          await dataSource.query(
            engine === 'sqlite' ? `SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = ?` : `SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?`,
            [table],
          )
        )[0].n,
      );

    it('runs only its own migrations beside the host’s, recorded in rc_migrations, and starts with the host’s still pending', async () => {
      const shared = hostDataSource({ entities: [...REGULARS_ENTITIES], migrations: [HostOrders1700000000000], migrationsTableName: 'host_migrations' });
      const app = await boot([RegularsModule.forRoot({ database: { dataSource: shared }, tenantSecrets: TEST_SECRETS, runMigrations: true })]);
      try {
        expect((await app.get(GuestTabHooks).handle(tabEvent('guest_tab.opened', { tabId: 'shared-1' }))).status).toBe('applied');
        const [row] = await shared.query(`SELECT COUNT(*) AS n FROM rc_inbox`);
        expect(Number(row.n)).toBe(1);
        const [migrations] = await shared.query(`SELECT COUNT(*) AS n FROM rc_migrations`);
        expect(Number(migrations.n)).toBe(REGULARS_MIGRATIONS.length);
        expect(await tableCount(shared, 'host_orders')).toBe(0);
        expect(await tableCount(shared, 'host_migrations')).toBe(0);
        expect(await shared.showMigrations()).toBe(true);
      } finally {
        await app.close();
      }
      const again = await boot([RegularsModule.forRoot({ database: { dataSource: shared }, tenantSecrets: TEST_SECRETS })]);
      await again.close();
      if (shared.isInitialized) await shared.destroy();
    });

    it('moves from its own pool to the host’s DataSource on the same database without a migration to redo', async () => {
      const own = await boot([RegularsModule.forRoot(options({ runMigrations: true }))]);
      await own.close();
      const shared = hostDataSource({ entities: [...REGULARS_ENTITIES] });
      const app = await boot([RegularsModule.forRoot({ database: { dataSource: shared }, tenantSecrets: TEST_SECRETS })]);
      try {
        expect((await app.get(GuestTabHooks).handle(tabEvent('guest_tab.opened', { tabId: 'moved-1' }))).status).toBe('applied');
      } finally {
        await app.close();
        if (shared.isInitialized) await shared.destroy();
      }
    });

    it('refuses a DataSource that lists the plugin’s migrations among the host’s', async () => {
      const shared = hostDataSource({ entities: [...REGULARS_ENTITIES], migrations: [...REGULARS_MIGRATIONS] });
      await expect(boot([RegularsModule.forRoot({ database: { dataSource: shared }, tenantSecrets: TEST_SECRETS, runMigrations: true })])).rejects.toThrow(
        /"database.dataSource" must not list the plugin’s migrations|must not list the plugin's migrations/,
      );
      if (shared.isInitialized) await shared.destroy();
    });

    it('refuses one that lacks them, naming what to add', async () => {
      const shared = hostDataSource({ entities: [] });
      await expect(boot([RegularsModule.forRoot({ database: { dataSource: shared }, tenantSecrets: TEST_SECRETS })])).rejects.toThrow(
        /"database.dataSource" must list REGULARS_ENTITIES in its entities; missing InboxEntry, GuestTab/,
      );
      if (shared.isInitialized) await shared.destroy();
    });

    if (engine === 'mariadb') {
      it('refuses one that does not keep dates in UTC', async () => {
        const shared = hostDataSource({ timezone: 'local', entities: [...REGULARS_ENTITIES] });
        await expect(boot([RegularsModule.forRoot({ database: { dataSource: shared }, tenantSecrets: TEST_SECRETS, runMigrations: true })])).rejects.toThrow(
          /"database.dataSource" must use timezone: 'Z'/,
        );
        if (shared.isInitialized) await shared.destroy();
      });
    }
  });
});
