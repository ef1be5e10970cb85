/**
 * A FIFO async mutex. SQLite (through TypeORM's better-sqlite3 driver) has one
 * connection for the whole process: two transactions started concurrently would nest
 * as savepoints of one transaction. Every unit of work on SQLite runs under this lock.
 */
export class WriterLock {
  private tail: Promise<void> = Promise.resolve();

  async run<T>(work: () => Promise<T>): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    try {
      return await work();
    } finally {
      release();
    }
  }
}
