import { setTimeout as sleep } from 'node:timers/promises';
import type { Connection } from 'mysql2/promise';

/**
 * What the database says its sessions are doing, for tests that must show a session really
 * waited for a lock (or really did not) rather than infer it from how long something took.
 * A session that is in the middle of a `FOR UPDATE` of a row another transaction holds is
 * waiting for it. The process list is asked rather than InnoDB's lock tables, which did not
 * list the plugin's wait for a tab's row on MariaDB 10.11.
 */

/** The other sessions of the monitor's database that are in the middle of a statement containing `statement`. */
export async function sessionsRunning(monitor: Connection, statement: string): Promise<number[]> {
  const [rows] = await monitor.query(
    `SELECT ID AS id FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND COMMAND = 'Query' AND ID <> CONNECTION_ID() AND INFO LIKE ?`,
    [`%${statement.replace(/[\\%_]/g, (character) => `\\${character}`)}%`],
  );
  return (rows as { id: number }[]).map((row) => Number(row.id)).sort((a, b) => a - b);
}

/**
 * Asks again until `seen` is true, or `over` says the work being watched ended first (it
 * can no longer be seen waiting). The pause between questions only spares the server.
 */
export async function waitToSee(what: string, seen: () => Promise<boolean>, over: () => boolean = () => false): Promise<void> {
  while (!(await seen())) {
    if (over()) throw new Error(`never saw ${what}`);
    await sleep(10);
  }
}
