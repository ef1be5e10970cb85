import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EVALUATE_DEFAULTS, evaluateBenchmark } from './evaluate.bench.js';
import { INGESTION_DEFAULTS, ingestionBenchmark } from './ingestion.bench.js';
import { TIER_JOB_DEFAULTS, tierJobBenchmark } from './tier-job.bench.js';
import { describeMachine } from './support/environment.js';
import type { BenchResult } from './support/result.js';

/**
 * `npm run bench [-- name …] [--size=N]`: runs the benchmarks against MariaDB, prints one
 * table and writes bench/results.json (or REGULARS_BENCH_RESULTS) with the machine and
 * every figure.
 */
const BENCHMARKS: Record<string, (size: number | undefined) => Promise<BenchResult>> = {
  evaluate: (size) => evaluateBenchmark({ ...EVALUATE_DEFAULTS, iterations: size ?? EVALUATE_DEFAULTS.iterations }),
  ingestion: (size) => ingestionBenchmark({ ...INGESTION_DEFAULTS, events: size ?? INGESTION_DEFAULTS.events }),
  'tier-job': (size) => tierJobBenchmark({ ...TIER_JOB_DEFAULTS, customers: size ?? TIER_JOB_DEFAULTS.customers, repeats: size ? 1 : TIER_JOB_DEFAULTS.repeats }),
};

function format(value: number): string {
  return value >= 100 ? Math.round(value).toLocaleString('en') : value.toFixed(2);
}

function table(results: BenchResult[]): string {
  const rows = results.map((r) => [
    r.name,
    `${format(r.figure.median)} ${r.figure.unit} (±${r.figure.spreadPercent.toFixed(0)}%)`,
    r.reference ? `${format(r.reference.median)} ${r.reference.unit} (±${r.reference.spreadPercent.toFixed(0)}%)` : '—',
    r.ratioPercent === null ? '—' : `${r.ratioPercent.toFixed(0)}%`,
    r.target,
    r.met ? 'met' : 'MISSED',
    Object.entries(r.details).map(([k, v]) => `${k}=${v}`).join(' '),
  ]);
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
    results.push(await BENCHMARKS[name](size));
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
