import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CLOSE_DEFAULTS, closeBenchmark, hotAccountBenchmark } from './close.bench.js';
import { EVALUATE_DEFAULTS, evaluateBenchmark } from './evaluate.bench.js';
import { DELIVERY_DEFAULTS, deliveryBenchmark, OUTBOX_DEFAULTS, outboxBenchmark, SUBSCRIBER_DOWN_DEFAULTS, subscriberDownBenchmark } from './events.bench.js';
import { EXPIRY_DEFAULTS, expiryBenchmark } from './expiry.bench.js';
import { IDENTIFY_DEFAULTS, identifyBenchmark } from './identify.bench.js';
import { IMPORT_DEFAULTS, importBenchmark } from './import.bench.js';
import { INGESTION_DEFAULTS, ingestionBenchmark } from './ingestion.bench.js';
import { LARGE_TENANT_DEFAULTS, largeTenantBenchmark } from './large-tenant.bench.js';
import { REPORTS_DEFAULTS, reportsBenchmark } from './reports.bench.js';
import { MEMORY_DEFAULTS, memoryBenchmark } from './memory.bench.js';
import { RETRY_DEFAULTS, retryBenchmark } from './retry.bench.js';
import { TIER_JOB_DEFAULTS, tierJobBenchmark } from './tier-job.bench.js';
import { describeMachine } from './support/environment.js';
import type { BenchResult } from './support/result.js';
import type { Summary } from './support/stats.js';

/**
 * `npm run bench [-- name …] [--size=N]`: runs the benchmarks against MariaDB, prints one
 * table and writes bench/results.json (or REGULARS_BENCH_RESULTS) with the machine and
 * every figure.
 */
/** In the order of the table; a size replaces each one's main count, for quick runs. */
const BENCHMARKS: Record<string, (size: number | undefined, earlier: BenchResult[]) => Promise<BenchResult>> = {
  identify: (size) => identifyBenchmark({ ...IDENTIFY_DEFAULTS, ...(size ? { requests: size } : {}) }),
  'identify-fastify': (size) => identifyBenchmark({ ...IDENTIFY_DEFAULTS, ...(size ? { requests: size } : {}) }, 'fastify'),
  evaluate: (size) => evaluateBenchmark({ ...EVALUATE_DEFAULTS, iterations: size ?? EVALUATE_DEFAULTS.iterations }),
  close: (size) => closeBenchmark({ ...CLOSE_DEFAULTS, tabs: size ?? CLOSE_DEFAULTS.tabs }),
  'tier-job': (size) => tierJobBenchmark({ ...TIER_JOB_DEFAULTS, customers: size ?? TIER_JOB_DEFAULTS.customers, repeats: size ? 1 : TIER_JOB_DEFAULTS.repeats }),
  expiry: (size) => expiryBenchmark({ ...EXPIRY_DEFAULTS, lots: size ?? EXPIRY_DEFAULTS.lots }),
  'hot-account': (size) => hotAccountBenchmark({ ...CLOSE_DEFAULTS, tabs: size ?? CLOSE_DEFAULTS.tabs }),
  // A retry must answer no slower than a card look-up did in the same run.
  retry: (size, earlier) => {
    const identifyP99Ms = earlier.find((result) => result.name === 'identify')?.details.p99Ms;
    return retryBenchmark({ ...RETRY_DEFAULTS, ...(size ? { requests: size } : {}), ...(typeof identifyP99Ms === 'number' ? { identifyP99Ms } : {}) });
  },
  ingestion: (size) => ingestionBenchmark({ ...INGESTION_DEFAULTS, events: size ?? INGESTION_DEFAULTS.events }),
  'ingestion-fastify': (size) => ingestionBenchmark({ ...INGESTION_DEFAULTS, events: size ?? INGESTION_DEFAULTS.events }, 'fastify'),
  import: (size) => importBenchmark({ ...IMPORT_DEFAULTS, rows: size ?? IMPORT_DEFAULTS.rows }),
  reports: (size) => reportsBenchmark({ ...REPORTS_DEFAULTS, customers: size ?? REPORTS_DEFAULTS.customers }),
  // The main count is the chain's guests; the regulars measured are never more, and each load round is as many requests.
  'large-tenant': (size) =>
    largeTenantBenchmark({ ...LARGE_TENANT_DEFAULTS, ...(size ? { customers: size, regulars: Math.min(size, LARGE_TENANT_DEFAULTS.regulars), requests: size, warmups: 0, repeats: 1 } : {}) }),
  memory: (size) => memoryBenchmark({ ...MEMORY_DEFAULTS, ...(size ? { requests: size } : {}) }),
  outbox: (size) => outboxBenchmark({ ...OUTBOX_DEFAULTS, ...(size ? { tabs: size, repeats: 1 } : {}) }),
  delivery: (size) => deliveryBenchmark({ ...DELIVERY_DEFAULTS, ...(size ? { events: size, warmups: 0, repeats: 1 } : {}) }),
  // The main count is the closes during the outage: at 10 a second, a size of 40 is a 4-second outage.
  'subscriber-down': (size) =>
    subscriberDownBenchmark(size ? { ...SUBSCRIBER_DOWN_DEFAULTS, closesPerSecond: 10, beforeSeconds: 2, outageSeconds: Math.ceil(size / 10) } : SUBSCRIBER_DOWN_DEFAULTS),
};

function format(value: number): string {
  return value >= 100 ? Math.round(value).toLocaleString('en') : value.toFixed(2);
}

function measured(summary: Summary & { unit: string }): string {
  return `${format(summary.median)} ${summary.unit} (±${summary.spreadPercent.toFixed(0)}%)`;
}

/** A result's row, and a row under it for each further reference with its own ratio and target. */
function rowsOf(r: BenchResult): string[][] {
  const further = (r.furtherReferences ?? []).map((f) => [`  ${r.name} vs ${f.name}`, '', measured(f), `${f.ratioPercent.toFixed(0)}%`, f.target, f.met ? 'met' : 'MISSED', '']);
  return [
    [
      r.name,
      measured(r.figure),
      r.reference ? measured(r.reference) : '—',
      r.ratioPercent === null ? '—' : `${r.ratioPercent.toFixed(0)}%`,
      r.target,
      r.met ? 'met' : 'MISSED',
      Object.entries(r.details).map(([k, v]) => `${k}=${v}`).join(' '),
    ],
    ...further,
  ];
}

function table(results: BenchResult[]): string {
  const rows = results.flatMap(rowsOf);
  const header = ['benchmark', 'figure (median ± spread)', 'reference', 'ratio', 'target', '', 'details'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}

async function main(args: string[]): Promise<void> {
  const sizeArg = args.find((arg) => arg.startsWith('--size='));
  const size = sizeArg ? Number(sizeArg.slice('--size='.length)) : undefined;
  const names = args.filter((arg) => !arg.startsWith('--'));
  const selected = names.length > 0 ? names : Object.keys(BENCHMARKS);
  const unknown = selected.filter((name) => !BENCHMARKS[name]);
  if (unknown.length > 0) throw new Error(`unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(BENCHMARKS).join(', ')}`);

  const machine = await describeMachine();
  console.log(`Machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.database}\n`);
  const results: BenchResult[] = [];
  for (const name of selected) {
    console.log(`running ${name}…`);
    results.push(await BENCHMARKS[name](size, results));
  }
  console.log(`\n${table(results)}\n`);
  const file = process.env.REGULARS_BENCH_RESULTS ?? fileURLToPath(new URL('../../bench/results.json', import.meta.url));
  writeFileSync(file, `${JSON.stringify({ measuredAt: new Date().toISOString(), machine, results }, null, 2)}\n`);
  console.log(`written to ${file}`);
}

main(process.argv.slice(2)).catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exitCode = 1;
});
