import type { Summary } from './stats.js';

/** One row of the benchmark table: a figure beside a reference measured in the same run. */
export interface BenchResult {
  name: string;
  what: string;
  figure: Summary & { unit: string };
  reference: (Summary & { unit: string; what: string }) | null;
  /** figure / reference (or the inverse where lower is better), as a percentage. */
  ratioPercent: number | null;
  target: string;
  met: boolean;
  details: Record<string, number | string>;
}
