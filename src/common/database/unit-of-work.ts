import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { REGULARS_CONFIG, REGULARS_CONNECTION } from '../config/regulars.constants.js';
import type { RegularsConfig } from '../config/regulars-options.js';
import { RegularsError } from '../errors/regulars-error.js';
import { isDatabaseUnreachable, isLockConflict, isLockWaitTimeout } from './database-errors.js';
import { RetryableConflict } from './retryable-conflict.js';
import { engineOf, type Engine } from './engine.js';
import { ReadScope } from './read-scope.js';
import { WriterLock } from './writer-lock.js';
import { PluginMetrics, type RetryReason } from '../operations/plugin-metrics.js';

/** Rows a unit of work's steps gathered to write together before it commits, and who hears of them after. */
interface Gathered {
  rows: unknown[];
  write: (rows: unknown[]) => Promise<void>;
  committed?: (rows: unknown[]) => void;
}

/** Deadlock victims are cheap to run again; a lock wait already cost the till seconds. */
const MAX_ATTEMPTS = 5;
const MAX_LOCK_WAITS = 2;

/**
 * One transaction per unit of work (a host event, a terminal call), carried down through
 * AsyncLocalStorage so that every service joins it without passing a manager around.
 *
 * - MySQL: READ COMMITTED (fewer gap locks between unrelated tabs) and a short lock wait
 *   (`lockWaitTimeoutSeconds`): the plugin's own pool sets both once per session; on a
 *   host's shared DataSource each transaction sets them and gives the host's session its
 *   own lock wait back. A deadlock victim or a lock wait timeout rolls the whole
 *   transaction back and runs it again — deadlocks up to five times, lock waits once more
 *   only, so the till waits two lock timeouts at most — then answers 503 with nothing written.
 * - SQLite: one connection per process, so units of work queue on a writer lock.
 * - A database that cannot be reached, or a connection cut mid-transaction, answers 503
 *   `busy` at once and is not run again here: whether a cut COMMIT landed is unknown, so
 *   the host's retry (under its event id or Idempotency-Key) decides, exactly once.
 */
@Injectable()
export class UnitOfWork {
  private readonly logger = new Logger('Regulars');
  private readonly storage = new AsyncLocalStorage<EntityManager>();
  private readonly writerLock = new WriterLock();
  private readonly holdingWriterLock = new AsyncLocalStorage<true>();
  /** What a transaction read once and may reuse (see once()). */
  private readonly memos = new WeakMap<EntityManager, Map<string, Promise<unknown>>>();
  /** Rows a transaction's steps gathered to write together just before it commits (see atCommit()). */
  private readonly gathered = new WeakMap<EntityManager, Map<string, Gathered>>();
  readonly engine: Engine;

  /** Whether each transaction must set READ COMMITTED and the lock wait itself (a pool the plugin did not set up). */
  private readonly sessionPerTransaction: boolean;

  constructor(
    @InjectDataSource(REGULARS_CONNECTION) private readonly dataSource: DataSource,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
    private readonly metrics: PluginMetrics,
  ) {
    this.engine = engineOf(dataSource);
    this.sessionPerTransaction = this.engine === 'mysql' && config.database.dataSource !== undefined;
  }

  /** Runs `work` in a transaction; a nested call joins the one already open. */
  async transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const current = this.storage.getStore();
    if (current) return work(current);
    let lockWaits = 0;
    for (let attempt = 1; ; attempt++) {
      try {
        const inContext = (manager: EntityManager) =>
          this.storage.run(manager, async () => {
            const result = await work(manager);
            return { result, gathered: await this.writeGathered(manager) };
          });
        const { result, gathered } = await this.serialised(() =>
          this.sessionPerTransaction
            ? this.dataSource.transaction('READ COMMITTED', (manager) => this.withShortLockWait(manager, inContext))
            : this.dataSource.transaction(inContext),
        );
        this.announceCommitted(gathered);
        return result;
      } catch (error) {
        if (isDatabaseUnreachable(error)) throw RegularsError.unreachable();
        if (!isLockConflict(error) && !(error instanceof RetryableConflict)) throw error;
        const reason: RetryReason = isLockWaitTimeout(error) ? 'lock_wait' : error instanceof RetryableConflict ? 'race' : 'deadlock';
        if (reason === 'lock_wait') lockWaits += 1;
        if (attempt >= MAX_ATTEMPTS || lockWaits >= MAX_LOCK_WAITS) {
          this.metrics.transactionAbandoned(reason);
          this.logger.warn(`unit of work gave up after ${attempt} lock conflicts: ${(error as Error).message}`);
          throw RegularsError.busy();
        }
        this.metrics.transactionRetried(reason);
        await sleep(10 * 2 ** attempt * (0.5 + Math.random()));
      }
    }
  }

  /**
   * A shared pool's session waits InnoDB's default 50 s on a lock, which the till must not;
   * the host's own work on that connection afterwards must keep its own wait, so the
   * session's value is put back before the connection goes back to the host's pool.
   */
  private async withShortLockWait<T>(manager: EntityManager, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    await manager.query(`SET @regulars_lock_wait = @@SESSION.innodb_lock_wait_timeout, SESSION innodb_lock_wait_timeout = ${this.config.lockWaitTimeoutSeconds}`);
    try {
      return await work(manager);
    } finally {
      // A failure here must not hide the work's own error; a broken connection is discarded anyway.
      await manager.query('SET SESSION innodb_lock_wait_timeout = @regulars_lock_wait').catch(() => undefined);
    }
  }

  /**
   * Reads outside a transaction. On SQLite they wait for the writer lock too: the single
   * connection would otherwise show them another unit of work's uncommitted rows.
   */
  async read<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const current = this.storage.getStore();
    if (current) return work(current);
    try {
      return await this.serialised(() => work(this.dataSource.manager));
    } catch (error) {
      throw isDatabaseUnreachable(error) ? RegularsError.unreachable() : error;
    }
  }

  /**
   * One statement that writes, atomic by itself: inside a unit of work it joins it;
   * outside, it runs on its own (on SQLite behind the writer lock) without the round trips
   * of a transaction around it.
   */
  statement<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.read(work);
  }

  /**
   * The open transaction's manager. It throws outside a unit of work, so a write meant
   * to be part of the event's transaction can never run on the global manager.
   */
  get manager(): EntityManager {
    const manager = this.storage.getStore();
    if (!manager) throw new Error('Regulars: this database write must run inside UnitOfWork.transaction()');
    return manager;
  }

  /**
   * Reads `key` once per transaction (or per read scope outside one), for values the
   * transaction does not change itself: the tenant's revision, asked by every cache a
   * close consults.
   */
  once<T>(key: string, read: () => Promise<T>): Promise<T> {
    const manager = this.storage.getStore();
    if (!manager) return ReadScope.once(key, read);
    let memo = this.memos.get(manager);
    if (!memo) this.memos.set(manager, (memo = new Map()));
    let shared = memo.get(key) as Promise<T> | undefined;
    if (!shared) memo.set(key, (shared = read()));
    return shared;
  }

  /**
   * Adds rows to write with the others of `key` once the unit of work is done, just before it
   * commits: several steps of a close each add an outbox event, and the database sees one
   * INSERT. `committed` is told of them once the transaction has committed (never of a
   * rolled-back one). Outside a transaction it throws, like `manager`.
   */
  atCommit<T>(key: string, rows: T[], write: (rows: T[]) => Promise<void>, committed?: (rows: T[]) => void): void {
    const manager = this.manager;
    let batches = this.gathered.get(manager);
    if (!batches) this.gathered.set(manager, (batches = new Map()));
    const batch = batches.get(key);
    if (batch) batch.rows.push(...rows);
    else batches.set(key, { rows: [...rows], write: write as Gathered['write'], committed: committed as Gathered['committed'] });
  }

  /** The rows `atCommit` holds for `key` in this transaction, not written yet: a read in the transaction counts them. */
  pending<T>(key: string): readonly T[] {
    const manager = this.storage.getStore();
    return manager ? ((this.gathered.get(manager)?.get(key)?.rows as T[] | undefined) ?? []) : [];
  }

  private async writeGathered(manager: EntityManager): Promise<Gathered[]> {
    const batches = [...(this.gathered.get(manager)?.values() ?? [])];
    this.gathered.delete(manager);
    for (const { rows, write } of batches) await write(rows);
    return batches;
  }

  /** What listens for committed rows hears of them; its failure is its own, the unit of work has committed. */
  private announceCommitted(batches: Gathered[]): void {
    for (const { rows, committed } of batches) {
      try {
        committed?.(rows);
      } catch (error) {
        this.logger.error(`after a commit: ${(error as Error).message}`, (error as Error).stack);
      }
    }
  }

  /** Drops what once() kept for `key` in this transaction: the transaction changed it. */
  forget(key: string): void {
    const manager = this.storage.getStore();
    if (manager) this.memos.get(manager)?.delete(key);
  }

  get inTransaction(): boolean {
    return this.storage.getStore() !== undefined;
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    if (this.engine !== 'sqlite' || this.holdingWriterLock.getStore()) return work();
    return this.writerLock.run(() => this.holdingWriterLock.run(true, work));
  }
}
