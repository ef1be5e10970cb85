/** Small statistics for benchmark samples: a median and its spread, and latency percentiles. */

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

export interface Summary {
  median: number;
  min: number;
  max: number;
  /** (max − min) / median, as a percentage: how much the repeats disagree. */
  spreadPercent: number;
}

export function summarise(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const median = percentile(sorted, 50);
  const min = sorted[0];
  const max = sorted[sorted.length - 1];
  return { median, min, max, spreadPercent: median === 0 ? 0 : ((max - min) / median) * 100 };
}

/** Runs `round` a few times after warming up, and summarises what each round returned. */
export async function repeat(round: () => Promise<number>, options: { warmups: number; repeats: number }): Promise<Summary> {
  for (let i = 0; i < options.warmups; i++) await round();
  const samples: number[] = [];
  for (let i = 0; i < options.repeats; i++) samples.push(await round());
  return summarise(samples);
}

/** Runs `work` for each item with at most `parallelism` in flight, timing each call in ms. */
export async function runParallel<T>(items: T[], parallelism: number, work: (item: T) => Promise<void>): Promise<{ seconds: number; latencies: number[] }> {
  const latencies: number[] = [];
  let next = 0;
  const started = process.hrtime.bigint();
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      const t0 = process.hrtime.bigint();
      await work(item);
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallelism, items.length) }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  return { seconds, latencies };
}
