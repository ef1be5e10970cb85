import type { Summary } from './stats.js';

export type Reference = Summary & { unit: string; what: string };

/** A reference beyond the first, measured in the same run, with the figure's ratio to it and the target on that ratio. */
export interface FurtherReference extends Reference {
  name: string;
  ratioPercent: number;
  target: string;
  met: boolean;
}

/** One row of the benchmark table: a figure beside a reference measured in the same run. */
export interface BenchResult {
  name: string;
  what: string;
  figure: Summary & { unit: string };
  reference: Reference | null;
  /** figure / reference (or the inverse where lower is better), as a percentage. */
  ratioPercent: number | null;
  /** The target on the ratio to `reference` and the correctness counters. */
  target: string;
  /** Every target met, the further references' included. */
  met: boolean;
  /** Where one floor does not say enough (a close against its minimal writes and against every row it writes), the others. */
  furtherReferences?: FurtherReference[];
  details: Record<string, number | string>;
}
