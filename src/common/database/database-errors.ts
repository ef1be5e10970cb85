/** Driver error shapes differ between mysql2 and better-sqlite3; these read both. */
interface DriverError {
  code?: string;
  errno?: number;
  driverError?: DriverError;
}

function driverErrorOf(error: unknown): DriverError {
  const e = (error ?? {}) as DriverError;
  return e.driverError ?? e;
}

export function isUniqueViolation(error: unknown): boolean {
  const { code } = driverErrorOf(error);
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * Errors after which the whole unit of work may simply run again: InnoDB deadlock
 * victims and lock wait timeouts (InnoDB rolls back only the statement on a timeout,
 * so the caller must roll back the rest), and a busy SQLite file.
 */
export function isLockConflict(error: unknown): boolean {
  const { code } = driverErrorOf(error);
  return code === 'ER_LOCK_DEADLOCK' || code === 'ER_LOCK_WAIT_TIMEOUT' || code === 'SQLITE_BUSY';
}

export function isLockWaitTimeout(error: unknown): boolean {
  return driverErrorOf(error).code === 'ER_LOCK_WAIT_TIMEOUT';
}
