/** Driver error shapes differ between mysql2 and better-sqlite3; these read both. */
interface DriverError {
  code?: string;
  errno?: number;
  fatal?: boolean;
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

/** The connection's own failures, not a statement's: the server is down, restarting, full, or the link was cut. */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_NORMAL_SHUTDOWN',
  'ER_CONNECTION_KILLED',
]);

/**
 * Whether the database could not be reached or dropped the connection mid-request. mysql2
 * marks every error that ended its connection `fatal` (a command sent on a closed one
 * included); the pool drops such connections and opens new ones by itself.
 */
export function isDatabaseUnreachable(error: unknown): boolean {
  const driver = driverErrorOf(error);
  if (driver.fatal === true || (driver.code !== undefined && UNREACHABLE_CODES.has(driver.code))) return true;
  // TypeORM wraps a failed pool checkout without the driver's code.
  return error instanceof Error && /Pool is closed|closed state|Connection lost/i.test(error.message);
}
