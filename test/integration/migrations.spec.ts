import { DataSource } from 'typeorm';
import { createDataSource, REGULARS_MIGRATIONS } from '../../src/index.js';
import { createTestDatabase, rcTableNames, TEST_ENGINES, type TestDatabase } from '../support/databases.js';

describe.each(TEST_ENGINES)('migrations (%s)', (engine) => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    dataSource = await (await createDataSource({ database: { url: database.url }, lockWaitTimeoutSeconds: 3 })).initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it('apply up to a schema that matches the entities exactly, then down to nothing', async () => {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    expect(applied.map((m) => m.name)).toEqual(REGULARS_MIGRATIONS.map((m) => m.name));

    // What synchronize would still change: nothing, or an entity and its migration disagree.
    const drift = await dataSource.driver.createSchemaBuilder().log();
    expect(drift.upQueries.map((query) => query.query)).toEqual([]);

    const tables = await rcTableNames(dataSource);
    expect(tables.every((name) => name.startsWith('rc_'))).toBe(true);
    expect(tables).toEqual(expect.arrayContaining(['rc_guest_tabs', 'rc_inbox', 'rc_migrations']));

    for (let i = 0; i < REGULARS_MIGRATIONS.length; i++) await dataSource.undoLastMigration({ transaction: 'each' });
    expect(await rcTableNames(dataSource)).toEqual(['rc_migrations']);
    expect(await dataSource.showMigrations()).toBe(true);
  });
});
