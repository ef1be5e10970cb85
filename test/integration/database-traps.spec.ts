import { getDataSourceToken } from '@nestjs/typeorm';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import mysql from 'mysql2/promise';
import { BigIntColumn } from '../../src/common/database/columns.js';
import { UnitOfWork } from '../../src/common/database/unit-of-work.js';
import { toExactInteger } from '../../src/common/money.js';
import { createDataSource } from '../../src/index.js';
import { TEST_ENGINES } from '../support/databases.js';
import { tabEvent } from '../support/events.js';
import { startPlugin, TENANT, type TestPlugin } from '../support/plugin.js';

@Entity('rc_probe_money')
class MoneyProbe {
  @PrimaryColumn({ type: 'varchar', length: 16 })
  id: string;

  @BigIntColumn('amount')
  amount: number;

  @Column({ type: 'varchar', length: 8, default: 'EUR' })
  currency: string;
}

describe.each(TEST_ENGINES)('database traps handled once, in src/common (%s)', (engine) => {
  let plugin: TestPlugin;
  let dataSource: DataSource;
  let uow: UnitOfWork;

  beforeAll(async () => {
    plugin = await startPlugin(engine, { lockWaitTimeoutSeconds: 1 });
    dataSource = plugin.app.get(getDataSourceToken('regulars'));
    uow = plugin.app.get(UnitOfWork);
    await dataSource.query('CREATE TABLE rc_probe_counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)');
    await dataSource.query('INSERT INTO rc_probe_counter (id, n) VALUES (1, 0), (2, 0)');
  });
  afterAll(() => plugin.close());
  // Each test counts from zero, whichever ran before it.
  beforeEach(() => dataSource.query('UPDATE rc_probe_counter SET n = 0'));

  describe('money in BIGINT minor units comes back exact', () => {
    let probe: DataSource;

    beforeAll(async () => {
      const base = await createDataSource({ database: { url: plugin.database.url }, lockWaitTimeoutSeconds: 3 });
      // The probe table exists only in this test database; synchronize is for the probe alone.
      probe = await new DataSource({ ...base.options, entities: [MoneyProbe], migrations: [], synchronize: true } as never).initialize();
    });
    afterAll(() => probe.destroy());

    it('reads balances above 2^31 and up to 2^53 − 1 as exact numbers', async () => {
      const amounts = { above31: 2 ** 31 + 5, huge: Number.MAX_SAFE_INTEGER, negative: -(2 ** 40) - 7 };
      for (const [id, amount] of Object.entries(amounts)) await probe.manager.save(MoneyProbe, { id, amount });
      const rows = await probe.manager.find(MoneyProbe, { order: { id: 'ASC' } });
      expect(Object.fromEntries(rows.map((row) => [row.id, row.amount]))).toEqual(amounts);
      expect(rows.every((row) => typeof row.amount === 'number')).toBe(true);
    });

    it('reads a SUM (DECIMAL on MySQL) exactly', async () => {
      await probe.manager.save(MoneyProbe, [{ id: 'sum-a', amount: 2 ** 40 }, { id: 'sum-b', amount: 3 }]);
      const [row] = await probe.query(`SELECT SUM(amount) AS total FROM rc_probe_money WHERE id LIKE 'sum-%'`);
      expect(toExactInteger(row.total)).toBe(2 ** 40 + 3);
    });

    it('refuses a value past 2^53 instead of rounding it', async () => {
      await probe.query(`INSERT INTO rc_probe_money (id, amount, currency) VALUES ('past53', 9007199254740993, 'EUR')`);
      await expect(probe.manager.findOneBy(MoneyProbe, { id: 'past53' })).rejects.toThrow(/2\^53|exact integer/);
    });
  });

  it('stores times in UTC to the millisecond', async () => {
    const now = plugin.clock.current;
    plugin.clock.current = new Date('2026-06-30T23:59:59.987Z');
    const event = tabEvent('guest_tab.opened', { tabId: 'tab-time' });
    try {
      await plugin.app.get((await import('../../src/index.js')).GuestTabHooks).handle(event);
    } finally {
      plugin.clock.current = now;
    }
    const [row] = await dataSource.query('SELECT received_at FROM rc_inbox WHERE tenant_id = ? AND event_id = ?', [TENANT, event.id]);
    const stored = row.received_at instanceof Date ? row.received_at.toISOString() : String(row.received_at);
    expect(stored.replace(' ', 'T').replace(/Z?$/, 'Z')).toBe('2026-06-30T23:59:59.987Z');
  });

  if (engine === 'mariadb') {
    it('pins every pooled session to UTC, READ COMMITTED and a short lock wait', async () => {
      // Holding as many connections as the pool may open makes it open every one of them.
      const size = (dataSource.options as { poolSize: number }).poolSize;
      const runners = Array.from({ length: size }, () => dataSource.createQueryRunner());
      try {
        await Promise.all(runners.map((runner) => runner.connect()));
        const sessions = await Promise.all(
          runners.map(async (runner) => {
            const [row] = await runner.query(
              'SELECT CONNECTION_ID() AS id, @@session.time_zone AS tz, @@session.tx_isolation AS isolation, @@session.innodb_lock_wait_timeout AS lockWait',
            );
            return { id: Number(row.id), tz: row.tz, isolation: row.isolation, lockWait: Number(row.lockWait) };
          }),
        );
        expect(new Set(sessions.map((session) => session.id)).size).toBe(size);
        expect(sessions.map(({ id: _id, ...pinned }) => pinned)).toEqual(Array(size).fill({ tz: '+00:00', isolation: 'READ-COMMITTED', lockWait: 1 }));
      } finally {
        await Promise.all(runners.map((runner) => runner.release()));
      }
    });
  }

  describe('the unit of work', () => {
    it('refuses a transactional write outside a transaction, instead of using the global manager', () => {
      expect(() => uow.manager).toThrow(/inside UnitOfWork.transaction/);
    });

    it('rolls back everything when the work fails, nested work included', async () => {
      await expect(
        uow.transaction(async (manager) => {
          await manager.query('UPDATE rc_probe_counter SET n = n + 100 WHERE id = 1');
          await uow.transaction(async () => uow.manager.query('UPDATE rc_probe_counter SET n = n + 100 WHERE id = 2'));
          throw new Error('the till lost power');
        }),
      ).rejects.toThrow('the till lost power');
      const rows = await dataSource.query('SELECT id, n FROM rc_probe_counter ORDER BY id');
      expect(rows.map((row: { n: unknown }) => Number(row.n))).toEqual([0, 0]);
    });

    it('keeps concurrent read-modify-write transactions from losing an update', async () => {
      await Promise.all(
        Array.from({ length: 25 }, () =>
          uow.transaction(async (manager) => {
            const [row] = await manager.query(
              `SELECT n FROM rc_probe_counter WHERE id = 1${uow.engine === 'mysql' ? ' FOR UPDATE' : ''}`,
            );
            await new Promise((resolve) => setTimeout(resolve, 2));
            await manager.query('UPDATE rc_probe_counter SET n = ? WHERE id = 1', [Number(row.n) + 1]);
          }),
        ),
      );
      const [row] = await dataSource.query('SELECT n FROM rc_probe_counter WHERE id = 1');
      expect(Number(row.n)).toBe(25);
    });

    if (engine === 'mariadb') {
      it('runs a deadlock victim again, so both transactions complete', async () => {
        let attempts = 0;
        let arrived = 0;
        let bothHoldFirstLock!: () => void;
        const barrier = new Promise<void>((resolve) => (bothHoldFirstLock = resolve));
        const crossing = (first: number, second: number) =>
          uow.transaction(async (manager) => {
            attempts += 1;
            await manager.query('UPDATE rc_probe_counter SET n = n + 1 WHERE id = ?', [first]);
            if (++arrived === 2) bothHoldFirstLock();
            await barrier;
            await manager.query('UPDATE rc_probe_counter SET n = n + 1 WHERE id = ?', [second]);
          });
        await Promise.all([crossing(1, 2), crossing(2, 1)]);
        const rows = await dataSource.query('SELECT n FROM rc_probe_counter ORDER BY id');
        expect(rows.map((row: { n: unknown }) => Number(row.n))).toEqual([2, 2]);
        expect(attempts).toBe(3);
      });

      it('rolls the whole transaction back on a lock wait timeout, retries once, then answers 503 with nothing written', async () => {
        const holder = await mysql.createConnection(plugin.database.url);
        try {
          await holder.query('BEGIN');
          await holder.query('SELECT n FROM rc_probe_counter WHERE id = 2 FOR UPDATE');
          let attempts = 0;
          await expect(
            uow.transaction(async (manager) => {
              attempts += 1;
              await manager.query('UPDATE rc_probe_counter SET n = n + 1000 WHERE id = 1');
              await manager.query('UPDATE rc_probe_counter SET n = n + 1000 WHERE id = 2');
            }),
          ).rejects.toMatchObject({ code: 'busy', status: 503 });
          expect(attempts).toBe(2);
        } finally {
          await holder.query('ROLLBACK');
          await holder.end();
        }
        const rows = await dataSource.query('SELECT n FROM rc_probe_counter ORDER BY id');
        expect(rows.map((row: { n: unknown }) => Number(row.n))).toEqual([0, 0]);
      }, 20_000);
    }
  });
});
