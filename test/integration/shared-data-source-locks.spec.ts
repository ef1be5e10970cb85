import type { INestApplication } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import mysql from 'mysql2/promise';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { UnitOfWork } from '../../src/common/database/unit-of-work.js';
import { createDataSource, GuestTabHooks, REGULARS_ENTITIES, RegularsModule } from '../../src/index.js';
import { createTestDatabase, TEST_ENGINES, type TestDatabase } from '../support/databases.js';
import { tabEvent } from '../support/events.js';
import { sessionsRunning, waitToSee } from '../support/lock-waits.js';
import { TEST_SECRETS } from '../support/plugin.js';

/**
 * A host that shares its own DataSource gets the same short lock wait at the till as the
 * plugin's own pool, and its sessions keep their own wait for the host's work.
 */
(TEST_ENGINES.includes('mariadb') ? describe : describe.skip)('a host’s shared DataSource on MariaDB under a lock', () => {
  let database: TestDatabase;
  let shared: DataSource;
  let app: INestApplication;

  beforeAll(async () => {
    database = await createTestDatabase('mariadb');
    const options: DataSourceOptions = { type: 'mariadb', url: database.url, timezone: 'Z', entities: [...REGULARS_ENTITIES] };
    // The host applies the plugin's migrations at deploy time, as `regulars migrate run` does.
    const migrating = await (await createDataSource({ database: { url: database.url }, lockWaitTimeoutSeconds: 2 })).initialize();
    await migrating.runMigrations();
    await migrating.destroy();
    // One connection, so the session the plugin used is the one the host uses next.
    shared = new DataSource({ ...options, poolSize: 1 } as DataSourceOptions);
    @Module({ imports: [RegularsModule.forRoot({ database: { dataSource: shared }, tenantSecrets: TEST_SECRETS, jobs: false, lockWaitTimeoutSeconds: 1 })] })
    class HostAppModule {}
    app = await NestFactory.create(HostAppModule, { logger: false });
    await app.init();
  });
  afterAll(async () => {
    await app.close();
    if (shared.isInitialized) await shared.destroy();
    await database.drop();
  });

  it('gives up on a tab another transaction holds before a host session waiting five seconds does, answering busy, and leaves the host’s lock wait as it was', async () => {
    const hooks = app.get(GuestTabHooks);
    expect((await hooks.handle(tabEvent('guest_tab.opened', { tabId: 'tab-held', version: 1 }))).status).toBe('applied');
    const [{ wait: hostWait }] = await shared.query('SELECT @@SESSION.innodb_lock_wait_timeout AS wait');
    expect(await app.get(UnitOfWork).transaction(async (manager) => Number((await manager.query('SELECT @@SESSION.innodb_lock_wait_timeout AS wait'))[0].wait))).toBe(1);

    const blocker = await mysql.createConnection(database.url);
    const monitor = await mysql.createConnection(database.url);
    // A host's own session that waits five seconds for a lock, as a host may set it.
    const hostSession = await mysql.createConnection(database.url);
    await hostSession.query('SET SESSION innodb_lock_wait_timeout = 5');
    // The plugin waits in the write that records the update (`VALUES (…, 'tab-held', …`), the host in its FOR UPDATE.
    const waitingForTheRow = () => sessionsRunning(monitor, "'tab-held'");
    let hostOutcome: Promise<string> | undefined;
    try {
      await blocker.query('BEGIN');
      await blocker.query(`SELECT * FROM rc_guest_tabs WHERE id = 'tab-held' FOR UPDATE`);
      let pluginDone = false;
      const refused = hooks.handle(tabEvent('guest_tab.updated', { tabId: 'tab-held', version: 2 })).finally(() => (pluginDone = true));
      const pluginOutcome = refused.then(
        () => 'the plugin applied the event',
        () => 'the plugin gave up',
      );
      await waitToSee('the plugin waiting for the row', async () => (await waitingForTheRow()).length === 1, () => pluginDone);

      await hostSession.query('BEGIN');
      let hostDone = false;
      hostOutcome = hostSession
        .query(`SELECT * FROM rc_guest_tabs WHERE id = 'tab-held' FOR UPDATE`)
        .then(
          () => 'the host got the row',
          () => 'the host gave up',
        )
        .finally(() => (hostDone = true));
      await waitToSee('the host session waiting for the row', async () => (await waitingForTheRow()).includes(hostSession.threadId), () => hostDone);

      // The plugin's two short waits end before the host's one, which began after them: on
      // InnoDB's 50 s the plugin would still be waiting when the host gives up.
      expect(await Promise.race([pluginOutcome, hostOutcome])).toBe('the plugin gave up');
      await expect(refused).rejects.toMatchObject({ code: 'busy', status: 503 });
      expect(await waitingForTheRow()).toEqual([hostSession.threadId]);
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
      await monitor.end();
      await hostOutcome;
      await hostSession.query('ROLLBACK');
      await hostSession.end();
    }

    const [{ wait }] = await shared.query('SELECT @@SESSION.innodb_lock_wait_timeout AS wait');
    expect(Number(wait)).toBe(Number(hostWait));
    expect(Number(hostWait)).toBeGreaterThan(1);
    expect((await hooks.handle(tabEvent('guest_tab.updated', { tabId: 'tab-held', version: 2 }))).status).toBe('applied');
  }, 20_000);
});
