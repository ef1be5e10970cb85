import { createDataSource, withMigrationLock } from '../database.js';
import type { Output } from './progress-bar.js';

export const MIGRATE_USAGE = `usage: regulars migrate <run|revert|show>

Applies (run), undoes the last of (revert) or lists whether any are pending (show) the
plugin's migrations against DATABASE_URL (the embedded SQLite file when unset). They are
recorded in rc_migrations, apart from the host's own, whichever way the plugin is installed.`;

/** `regulars migrate run | revert | show`, for hosts that apply migrations at deploy time. Answers the exit code. */
export async function runMigrateCommand(args: string[], env: Record<string, string | undefined>, output: Output): Promise<number> {
  const [command] = args;
  if (command !== 'run' && command !== 'revert' && command !== 'show') {
    output.write(`${MIGRATE_USAGE}\n`);
    return 2;
  }
  const dataSource = await (await createDataSource({ database: { url: env.DATABASE_URL || undefined }, lockWaitTimeoutSeconds: 30 })).initialize();
  try {
    if (command === 'run') {
      const applied = await withMigrationLock(dataSource, () => dataSource.runMigrations({ transaction: 'each' }));
      output.write(applied.length === 0 ? 'No pending migrations.\n' : `Applied: ${applied.map((m) => m.name).join(', ')}\n`);
    } else if (command === 'revert') {
      await withMigrationLock(dataSource, () => dataSource.undoLastMigration({ transaction: 'each' }));
      output.write('Reverted the last migration.\n');
    } else {
      const pending = await dataSource.showMigrations();
      output.write(pending ? 'There are pending migrations.\n' : 'The schema is up to date.\n');
      return pending ? 1 : 0;
    }
    return 0;
  } finally {
    await dataSource.destroy();
  }
}
