import 'reflect-metadata';
import { createDataSource, withMigrationLock } from '../config/database.js';

/**
 * `npm run migration:run | migration:revert | migration:show` against DATABASE_URL
 * (the embedded SQLite file when unset), for hosts that apply migrations at deploy time.
 */
async function main(command: string | undefined): Promise<void> {
  const url = process.env.DATABASE_URL || undefined;
  const dataSource = await (await createDataSource({ database: { url }, lockWaitTimeoutSeconds: 30 })).initialize();
  try {
    switch (command) {
      case 'run': {
        const applied = await withMigrationLock(dataSource, () => dataSource.runMigrations({ transaction: 'each' }));
        console.log(applied.length === 0 ? 'No pending migrations.' : `Applied: ${applied.map((m) => m.name).join(', ')}`);
        break;
      }
      case 'revert':
        await withMigrationLock(dataSource, () => dataSource.undoLastMigration({ transaction: 'each' }));
        console.log('Reverted the last migration.');
        break;
      case 'show':
        console.log((await dataSource.showMigrations()) ? 'There are pending migrations.' : 'The schema is up to date.');
        break;
      default:
        throw new Error('usage: migrate run | revert | show');
    }
  } finally {
    await dataSource.destroy();
  }
}

main(process.argv[2]).catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
