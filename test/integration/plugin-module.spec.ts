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
    await expect(boot([RegularsModule.forRoot(options({ runMigrations: false }))])).rejects.toThrow(/npm run migration:run/);
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

    it('works on a DataSource that lists the plugin’s entities and migrations', async () => {
      const shared = hostDataSource({ entities: [...REGULARS_ENTITIES], migrations: [...REGULARS_MIGRATIONS], migrationsTableName: 'host_migrations' });
      const app = await boot([RegularsModule.forRoot({ database: { dataSource: shared }, tenantSecrets: TEST_SECRETS, runMigrations: true })]);
      try {
        expect((await app.get(GuestTabHooks).handle(tabEvent('guest_tab.opened', { tabId: 'shared-1' }))).status).toBe('applied');
        const [row] = await shared.query(`SELECT COUNT(*) AS n FROM rc_inbox`);
        expect(Number(row.n)).toBe(1);
        const [migrations] = await shared.query(`SELECT COUNT(*) AS n FROM host_migrations`);
        expect(Number(migrations.n)).toBe(REGULARS_MIGRATIONS.length);
      } finally {
        await app.close();
        if (shared.isInitialized) await shared.destroy();
      }
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
        const shared = hostDataSource({ timezone: 'local', entities: [...REGULARS_ENTITIES], migrations: [...REGULARS_MIGRATIONS] });
        await expect(boot([RegularsModule.forRoot({ database: { dataSource: shared }, tenantSecrets: TEST_SECRETS, runMigrations: true })])).rejects.toThrow(
          /"database.dataSource" must use timezone: 'Z'/,
        );
        if (shared.isInitialized) await shared.destroy();
      });
    }
  });
});
