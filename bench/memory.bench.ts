import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { identifyRequests, loadRound, roundLength, type LoadRound, type RoundLength } from './support/load.js';
import { benchDatabase, sandboxNodeFlags } from './support/environment.js';
import type { BenchResult } from './support/result.js';
import { summarise } from './support/stats.js';

export interface MemoryParams extends RoundLength {
  connections: number;
  /** Load rounds one after another; the RSS after each shows whether memory keeps growing. */
  rounds: number;
}

export const MEMORY_DEFAULTS: MemoryParams = { durationMs: 15_000, connections: 50, rounds: 3 };

const SANDBOX_TENANT = 'demo';
const SANDBOX_SECRET = 'regulars-sandbox-development-secret';
const LIMIT_BYTES = 300 * 1e6;
const MIB = 2 ** 20;
/** The lunch peak of a restaurant's tills; the sandbox's identification limit is lifted for it. */
const TILLS = Array.from({ length: 8 }, (_, i) => `till-${i + 1}`);
const UNLIMITED_IDENTIFY_PER_MINUTE = '100000000';
const START_TIMEOUT_MS = 60_000;

interface Sandbox {
  child: ChildProcess;
  baseUrl: string;
  /** The end of the child's stderr, to say why it stopped. */
  stderr: () => string;
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

/** The sandbox on its own port and database, as `npm start` runs it. */
async function spawnSandbox(databaseUrl: string): Promise<Sandbox> {
  const port = await freePort();
  const main = fileURLToPath(new URL('../sandbox/main.js', import.meta.url));
  const child = spawn(process.execPath, [...sandboxNodeFlags(), main], {
    env: { ...process.env, PORT: String(port), DATABASE_URL: databaseUrl, REGULARS_TENANT_SECRETS: JSON.stringify({ [SANDBOX_TENANT]: SANDBOX_SECRET }),
      REGULARS_IDENTIFY_PER_MINUTE: UNLIMITED_IDENTIFY_PER_MINUTE,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2_000)));
  return { child, baseUrl: `http://127.0.0.1:${port}`, stderr: () => stderr };
}

/** The first demo guest with a barcode card, once the sandbox listens and has seeded its guests. */
async function demoCard(sandbox: Sandbox): Promise<string> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const { exitCode, signalCode } = sandbox.child;
    if (exitCode !== null || signalCode !== null) throw new Error(`the sandbox stopped (${exitCode ?? signalCode}): ${sandbox.stderr()}`);
    const guests = await fetch(`${sandbox.baseUrl}/pos/guests`)
      .then((response) => (response.ok ? (response.json() as Promise<{ identifier: { type: string; value: string } }[]>) : []))
      .catch(() => []);
    const card = guests.find((guest) => guest.identifier.type === 'barcode_card');
    if (card) return card.identifier.value;
    await sleep(200);
  }
  throw new Error(`the sandbox did not seed its demo guests within ${START_TIMEOUT_MS / 1000} s: ${sandbox.stderr()}`);
}

/** Resident memory now and at its peak, from the kernel's own accounts of the process. */
function memoryOf(pid: number): { rssBytes: number; peakBytes: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rssBytes: kib('VmRSS'), peakBytes: kib('VmHWM') };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  // The sandbox closes gracefully on SIGTERM; one that hangs is not left behind.
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * The sandbox host as its own process under the identify load at 50 connections, and the
 * resident memory it needs for it: peak (VmHWM) against the target, RSS after each round.
 */
export async function memoryBenchmark(params: MemoryParams = MEMORY_DEFAULTS): Promise<BenchResult> {
  const database = await benchDatabase();
  let sandbox: Sandbox | undefined;
  try {
    sandbox = await spawnSandbox(database.url);
    const { baseUrl, child } = sandbox;
    const card = await demoCard(sandbox);
    const idle = memoryOf(child.pid!);
    const rounds: LoadRound[] = [];
    const rssAfterRounds: number[] = [];
    for (let i = 0; i < params.rounds; i++) {
      rounds.push(
        await loadRound({ baseUrl, requests: () => identifyRequests(SANDBOX_SECRET, SANDBOX_TENANT, card, TILLS), connections: params.connections, length: params }),
      );
      rssAfterRounds.push(memoryOf(child.pid!).rssBytes);
    }
    const { peakBytes } = memoryOf(child.pid!);
    const mib = (bytes: number) => Math.round((bytes / MIB) * 10) / 10;
    const non2xx = rounds.reduce((sum, round) => sum + round.non2xx, 0);
    const errors = rounds.reduce((sum, round) => sum + round.errors, 0);
    return {
      name: 'memory',
      what: `RSS of the sandbox host (node dist/sandbox/main.js) under identify by card, ${params.connections} connections, ${params.rounds} × ${roundLength(params)}`,
      figure: { ...summarise([mib(peakBytes)]), unit: 'MiB peak RSS' },
      reference: null,
      ratioPercent: null,
      target: `peak RSS ≤ 300 MB (${mib(LIMIT_BYTES)} MiB) under the load; every answer 200`,
      met: peakBytes <= LIMIT_BYTES && non2xx === 0 && errors === 0,
      details: {
        idleRssMiB: mib(idle.rssBytes),
        rssAfterRoundsMiB: rssAfterRounds.map(mib).join('/'),
        requestsPerSecond: Math.round(summarise(rounds.map((round) => round.requestsPerSecond)).median),
        p99Ms: summarise(rounds.map((round) => round.p99Ms)).median,
        non2xx,
        errors,
      },
    };
  } finally {
    if (sandbox) await stop(sandbox.child);
    await database.drop();
  }
}
