/**
 * Thrown inside a unit of work when a concurrent one won a race the work can simply run
 * again after (two first events of one new tab inserting its row at the same instant).
 * The unit of work rolls back and runs again, like after a deadlock.
 */
export class RetryableConflict extends Error {
  constructor(what: string) {
    super(`concurrent change: ${what}`);
    this.name = 'RetryableConflict';
  }
}
