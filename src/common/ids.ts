import { randomFillSync } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RANDOM_DIGITS = 16;

let lastTime = -1;
let lastRandom: number[] = [];

/** Random bytes drawn from the system 256 ids at a time (as randomUUID does): a close makes a dozen ids, each a system call. */
const entropy = Buffer.alloc(RANDOM_DIGITS * 256);
let entropyUsed = entropy.length;

function randomDigits(): Buffer {
  if (entropyUsed === entropy.length) {
    randomFillSync(entropy);
    entropyUsed = 0;
  }
  entropyUsed += RANDOM_DIGITS;
  return entropy.subarray(entropyUsed - RANDOM_DIGITS, entropyUsed);
}

/**
 * A ULID-shaped id with a short kind prefix (`c_01JD7…` for a customer, `h_…` for a hold).
 * Ids sort by creation time, so keyset pagination on them is stable and index-friendly,
 * and the prefix tells a support engineer what an id in a log line refers to. Within one
 * millisecond (or a clock that stands still in a test) the random part counts up, so
 * ids made in one process still sort in the order they were made.
 */
export function newId(prefix: string, now: Date = new Date()): string {
  let time = Math.max(now.getTime(), lastTime);
  if (time === lastTime) {
    lastRandom = increment(lastRandom);
  } else {
    const bytes = randomDigits();
    // The top bit stays clear so a counting run cannot overflow into the time part.
    lastRandom = [...bytes].map((byte, i) => (i === 0 ? byte % 16 : byte % 32));
    lastTime = time;
  }
  let timePart = '';
  for (let i = 0; i < 10; i++) {
    timePart = CROCKFORD[time % 32] + timePart;
    time = Math.floor(time / 32);
  }
  return `${prefix}_${timePart}${lastRandom.map((digit) => CROCKFORD[digit]).join('')}`;
}

function increment(digits: number[]): number[] {
  const next = [...digits];
  for (let i = next.length - 1; i >= 0; i--) {
    if (next[i] < 31) {
      next[i] += 1;
      return next;
    }
    next[i] = 0;
  }
  return next;
}
