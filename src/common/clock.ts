/**
 * The plugin never reads the system time directly: everything that depends on "now"
 * (hold expiry, time windows of sales rules, scheduled jobs) asks the clock, so tests and
 * hosts replaying history can move time.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
