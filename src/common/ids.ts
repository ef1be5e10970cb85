import { randomBytes } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A ULID-shaped id with a short kind prefix (`c_01JD7…` for a customer, `h_…` for a hold).
 * Ids sort by creation time, so keyset pagination on them is stable and index-friendly,
 * and the prefix tells a support engineer what an id in a log line refers to.
 */
export function newId(prefix: string, now: Date = new Date()): string {
  let time = now.getTime();
  let timePart = '';
  for (let i = 0; i < 10; i++) {
    timePart = CROCKFORD[time % 32] + timePart;
    time = Math.floor(time / 32);
  }
  const random = randomBytes(16);
  let randomPart = '';
  for (let i = 0; i < 16; i++) randomPart += CROCKFORD[random[i] % 32];
  return `${prefix}_${timePart}${randomPart}`;
}
