import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sandboxNodeFlags } from './support/environment.js';
import type { BenchResult } from './support/result.js';
import type { TierJobSample } from './tier-job.worker.js';

const run = promisify(execFile);

export interface TierJobParams {
  customers: number;
  repeats: number;
}

/** 100 000 customers by default; `--size=1000000` is the documented large run. */
export const TIER_JOB_DEFAULTS: TierJobParams = { customers: 100_000, repeats: 3 };

async function sample(customers: number, repeats: number): Promise<TierJobSample> {
  const worker = fileURLToPath(new URL('./tier-job.worker.js', import.meta.url));
  const step = async (...args: string[]) => JSON.parse((await run(process.execPath, [...sandboxNodeFlags(), '--expose-gc', worker, ...args], { maxBuffer: 1 << 20 })).stdout.trim().split('\n').pop()!);
  const url: string = await step('prepare', String(customers));
  return (await step('measure', url, String(customers), String(repeats))) as TierJobSample;
}

/**
 * The nightly tier job at N customers, beside one hand-written INSERT … SELECT … GROUP BY
 * computing the same metric over the same visits; and its peak memory at N beside N/10,
 * each size in a process of its own, to show that memory does not grow with customers.
 */
export async function tierJobBenchmark(params: TierJobParams = TIER_JOB_DEFAULTS): Promise<BenchResult> {
  const small = await sample(Math.max(1, Math.round(params.customers / 10)), params.repeats);
  const large = await sample(params.customers, params.repeats);
  const ratioPercent = (large.job.median / large.reference.median) * 100;
  const rssRatio = large.peakRssMiB / small.peakRssMiB;
  return {
    name: 'tier job',
    what: `tier re-evaluation of ${params.customers.toLocaleString('en')} customers with 3 visits each, tiers on 365-day spend`,
    figure: { ...large.job, unit: 's' },
    reference: { ...large.reference, unit: 's', what: 'INSERT … SELECT customer_id, SUM(net − refunded) … GROUP BY customer_id over the same visits' },
    ratioPercent,
    target: '≤ 200% of the reference; peak RSS at N ≤ 1.2× at N/10',
    met: ratioPercent <= 200 && rssRatio <= 1.2,
    details: {
      moves: large.moves,
      peakRssMiB: large.peakRssMiB,
      peakRssMiBAtTenth: small.peakRssMiB,
      rssRatio: Math.round(rssRatio * 100) / 100,
      customersPerSecond: Math.round(params.customers / large.job.median),
    },
  };
}
