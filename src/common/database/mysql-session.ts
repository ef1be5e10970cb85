import { Logger } from '@nestjs/common';
import mysql2 from 'mysql2';

/**
 * mysql2 has no "run this on every new connection" option, so the pool is created
 * through a wrapper that pins each session: UTC (NOW() and TIMESTAMP agree with the
 * dates the plugin writes), a short lock wait so the till never hangs on a lock, and
 * READ COMMITTED so a transaction does not pay a round trip to ask for it.
 *
 * TypeORM asks each connection for its promise wrapper on every statement, and mysql2 builds
 * a new one each time through a `require` that Node resolves from disk again whenever
 * `mysql2/promise` was loaded first (the plugin and most hosts load it): 3% of a close's CPU.
 * Each connection of the plugin's own pool keeps the one wrapper it was first given.
 */
export function mysqlWithSessionDefaults(lockWaitTimeoutSeconds: number): typeof mysql2 {
  const logger = new Logger('Regulars');
  const driver = Object.create(mysql2) as typeof mysql2;
  driver.createPool = ((options: mysql2.PoolOptions) => {
    const pool = mysql2.createPool(options);
    pool.on('connection', (connection) => {
      const failed = (error: Error | null) => {
        if (error) logger.error(`could not set the MySQL session defaults: ${error.message}`);
      };
      connection.query(`SET time_zone = '+00:00', innodb_lock_wait_timeout = ${lockWaitTimeoutSeconds}`, failed);
      connection.query('SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED', failed);
      const promised = connection.promise.bind(connection);
      const wrapper = promised();
      connection.promise = (promiseImpl?: PromiseConstructor) => (promiseImpl ? promised(promiseImpl) : wrapper);
    });
    return pool;
  }) as typeof mysql2.createPool;
  return driver;
}
