import type { DataSource } from 'typeorm';
import type { PoolUsage } from '../operations/plugin-metrics.js';

/** mysql2's pool keeps its connections in queues it does not publish a count of; their lengths are what it has. */
interface Mysql2Pool {
  _allConnections?: { length: number };
  _freeConnections?: { length: number };
  _connectionQueue?: { length: number };
  config?: { connectionLimit?: number };
}

/** How full the DataSource's mysql2 pool is; null on SQLite, or on a pool that does not show it. */
export function poolUsage(dataSource: DataSource): PoolUsage | null {
  const pool = (dataSource.driver as { pool?: Mysql2Pool }).pool;
  if (!pool?._allConnections || !pool._freeConnections || !pool._connectionQueue) return null;
  const open = pool._allConnections.length;
  const idle = pool._freeConnections.length;
  return { inUse: open - idle, idle, waiting: pool._connectionQueue.length, limit: pool.config?.connectionLimit ?? open };
}
