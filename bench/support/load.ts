import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { PERMISSIONS, signRequest, type IdentifierType } from '../../src/index.js';
import { summarise, type Summary } from './stats.js';

/**
 * How long each load round runs: a time, or a number of requests when `requests` is set
 * (a smoke test's `--size`: a few milliseconds of load would answer nothing at all).
 */
export interface RoundLength {
  durationMs: number;
  requests?: number;
}

/** The signed X-Regulars-Actor of CONTRACT.md section 5. */
export interface Actor {
  tenantId: string;
  id: string;
  name?: string;
  permissions: string[];
  terminalId?: string;
  requestId?: string;
}

export const managerOf = (tenantId: string): Actor => ({ tenantId, id: 'manager-1', name: 'Bench manager', permissions: Object.keys(PERMISSIONS) });
export const waiterAt = (tenantId: string, terminalId: string): Actor => ({ tenantId, id: `waiter-${terminalId}`, permissions: ['terminal.use'], terminalId });

function jsonHeaders(secret: string, actor: Actor, body: string): Record<string, string> {
  return { 'content-type': 'application/json', ...signRequest({ secret, body, actorHeader: JSON.stringify(actor) }) };
}

/** A POST signed once: the signature holds for five minutes, so a load tool may replay it. */
export function signedPost(secret: string, actor: Actor, path: string, payload: object): autocannon.Request {
  const body = JSON.stringify(payload);
  return { method: 'POST', path, body, headers: jsonHeaders(secret, actor, body) };
}

/** A signed call as a host makes it, with a key of its own; anything but a 2xx stops the benchmark. */
export async function hostPost<T>(baseUrl: string, secret: string, actor: Actor, path: string, payload: object): Promise<T> {
  const body = JSON.stringify(payload);
  const headers = { ...jsonHeaders(secret, { ...actor, requestId: randomUUID() }, body), 'idempotency-key': randomUUID() };
  const response = await fetch(`${baseUrl}${path}`, { method: 'POST', headers, body });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

export function barcode(value: string): { identifier: { type: IdentifierType; value: string; entryMethod: 'scan' } } {
  return { identifier: { type: 'barcode_card', value, entryMethod: 'scan' } };
}

/** The till's identify by card, once from each terminal, so a load may go round several. */
export function identifyRequests(secret: string, tenantId: string, card: string, terminalIds: string[], path = '/terminal/identify'): autocannon.Request[] {
  return terminalIds.map((terminalId) => signedPost(secret, waiterAt(tenantId, terminalId), path, barcode(card)));
}

export interface LoadTarget {
  baseUrl: string;
  /** Signed afresh for every round, so a long run never outlives the five minutes. */
  requests: () => autocannon.Request[];
  connections: number;
  length: RoundLength;
  /** Every answer must be this body; otherwise it counts as a mismatch. */
  expectBody?: string;
}

export function roundLength(length: RoundLength): string {
  return length.requests === undefined ? `${length.durationMs / 1000} s` : `${length.requests} requests`;
}

export interface LoadRound {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  mismatches: number;
}

/**
 * One autocannon round. It runs on a worker thread, so when the server is in this
 * process it does not share its event loop with the load that measures it.
 */
export async function loadRound(target: LoadTarget): Promise<LoadRound> {
  const { requests, durationMs } = target.length;
  const [only, ...more] = target.requests();
  const result = await autocannon({
    // autocannon checks expectBody only on a request given as plain options.
    ...(more.length === 0 ? { url: `${target.baseUrl}${only.path}`, method: only.method, headers: only.headers, body: only.body } : { url: target.baseUrl, requests: [only, ...more] }),
    connections: Math.min(target.connections, requests ?? Infinity),
    ...(requests === undefined ? { duration: durationMs / 1000 } : { amount: requests }),
    expectBody: target.expectBody,
    // autocannon stops on its sampling tick: a 1 s tick would stretch a short round to a second.
    sampleInt: 100,
    workers: 1,
  });
  return {
    requestsPerSecond: (result['2xx'] + result.non2xx) / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    mismatches: result.mismatches,
  };
}

export interface LoadSummary {
  requestsPerSecond: Summary;
  p99Ms: Summary;
  /** The median of the timed rounds' own. */
  p50Ms: number;
  /** Totals over every round, warm-ups included: each must be 0. */
  non2xx: number;
  errors: number;
  mismatches: number;
}

/**
 * Warm-up rounds, then timed ones, of each load in turn, so that a slow spell of the
 * machine falls on the figure and its reference alike.
 */
export async function measureInTurn(loads: (() => Promise<LoadRound>)[], schedule: { warmups: number; repeats: number }): Promise<LoadSummary[]> {
  const rounds: LoadRound[][] = loads.map(() => []);
  for (let i = 0; i < schedule.warmups + schedule.repeats; i++) {
    for (const [k, load] of loads.entries()) rounds[k].push(await load());
  }
  return rounds.map((all) => {
    const timed = all.slice(schedule.warmups);
    const total = (pick: (round: LoadRound) => number) => all.reduce((sum, round) => sum + pick(round), 0);
    return {
      requestsPerSecond: summarise(timed.map((round) => round.requestsPerSecond)),
      p99Ms: summarise(timed.map((round) => round.p99Ms)),
      p50Ms: summarise(timed.map((round) => round.p50Ms)).median,
      non2xx: total((round) => round.non2xx),
      errors: total((round) => round.errors),
      mismatches: total((round) => round.mismatches),
    };
  });
}

