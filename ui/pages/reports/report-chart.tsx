import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { locale } from '../../i18n/index.js';
import type { ChartData } from './chart-data.js';
import { formatMonth } from './report-format.js';
import type { ColumnUnit } from './types.js';

const HEIGHT = 260;
const DAY = 86_400;
const MONTH = 30 * DAY;
/** Ticks on whole days or months: a report has no hours, so uPlot may not split a day. */
const TICKS: Partial<Record<ColumnUnit, number[]>> = {
  day: [DAY, 2 * DAY, 7 * DAY, 14 * DAY, MONTH, 3 * MONTH, 6 * MONTH, 12 * MONTH],
  month: [MONTH, 3 * MONTH, 6 * MONTH, 12 * MONTH],
};
const COLOURS = ['#1f5fd6', '#13703a', '#b42318', '#8a5a00', '#6b3fa0', '#0e7490', '#be185d', '#4d7c0f', '#c2410c', '#334155', '#0f766e', '#a16207'];

/** A day or month on the time axis, in the reader's language; x is at the UTC start of it. */
function timeText(seconds: number, unit: ColumnUnit): string {
  const date = new Date(seconds * 1000);
  if (unit === 'month') return formatMonth(date.toISOString().slice(0, 7), { month: 'short', year: 'numeric' });
  return new Intl.DateTimeFormat(locale(), { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(date);
}

/** Guests, tabs and points come whole: their axis steps 1, 2, 5, 10, 20, 50… and never 0.2. */
const WHOLE_STEPS = Array.from({ length: 13 }, (_, power) => [1, 2, 5].map((step) => step * 10 ** power)).flat();

function axisNumber(value: number, unit: ColumnUnit): string {
  const text = new Intl.NumberFormat(locale(), { notation: 'compact', maximumFractionDigits: 1 }).format(value);
  return unit === 'percent' ? `${text}%` : text;
}

/**
 * Bars of several series stand side by side in their row's slot: series k of m takes the
 * k-th of m equal parts of the middle 80 % (uPlot draws bars of one series at a time).
 */
function sideBySide(k: number, m: number, n: number): uPlot.Series.PathBuilder {
  const rows = Array.from({ length: n }, (_, index) => index);
  return uPlot.paths.bars!({
    disp: {
      x0: { unit: 2, values: () => rows.map((index) => (index + 0.1 + (0.8 * k) / m) / n) },
      size: { unit: 2, values: () => rows.map(() => 0.8 / m / n) },
    },
  });
}

function options(data: ChartData, width: number): uPlot.Options {
  const units = [...new Set(data.series.map((series) => series.unit))];
  const n = data.x.length;
  const named = data.kind === 'named';
  // A period of one day (or month) is one point: it stands mid-chart, a day (or month) either
  // side (uPlot's own range for one time point runs 1,000 days on when x is in seconds).
  const step = data.xUnit === 'month' ? MONTH : DAY;
  return {
    width,
    height: HEIGHT,
    scales: {
      x: named ? { time: false, range: () => [-0.5, n - 0.5] } : { time: true, range: (_u, min, max) => (n === 1 ? [data.x[0] - step, data.x[0] + step] : [min, max]) },
      ...Object.fromEntries(units.map((unit) => [unit, { range: (_u: uPlot, min: number, max: number) => [Math.min(0, min), max > 0 ? max * 1.1 : 1] as uPlot.Range.MinMax }])),
    },
    axes: [
      named
        ? { splits: () => data.x, values: (_u, splits) => splits.map((index) => data.labels[index] ?? ''), gap: 4, size: 40 }
        : { incrs: TICKS[data.xUnit], values: (_u, splits) => splits.map((seconds) => timeText(seconds, data.xUnit)) },
      // The first unit reads on the left, a second (money beside a count of tabs) on the right.
      ...units.slice(0, 2).map((unit, index) => ({ scale: unit, side: index === 0 ? 3 : 1, incrs: unit === 'count' || unit === 'points' ? WHOLE_STEPS : undefined, values: (_u: uPlot, splits: number[]) => splits.map((value) => axisNumber(value, unit)), size: 60, grid: { show: index === 0 } })),
    ],
    series: [
      { label: '', value: (_u, value) => (value === null ? '' : named ? (data.labels[value] ?? '') : timeText(value, data.xUnit)) },
      ...data.series.map((series, k) => {
        const colour = COLOURS[k % COLOURS.length];
        return data.style === 'bar'
          ? { label: series.label, scale: series.unit, stroke: colour, fill: colour, width: 0, paths: sideBySide(k, data.series.length, n), points: { show: false } }
          : { label: series.label, scale: series.unit, stroke: colour, width: 2, points: { show: n < 40 } };
      }),
    ],
    legend: { live: false },
    cursor: { drag: { x: false, y: false } },
  };
}

/**
 * A section's chart, as wide as its box: drawn on a canvas by uPlot, redrawn to the new
 * width when the window changes. The table under it carries the same numbers for a reader
 * who cannot see it.
 */
export function ReportChart(props: { data: ChartData }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current!;
    const widthOf = () => Math.max(element.clientWidth, 320);
    const chart = new uPlot(options(props.data, widthOf()), [props.data.x, ...props.data.series.map((series) => series.values)], element);
    const resize = () => chart.setSize({ width: widthOf(), height: HEIGHT });
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.destroy();
    };
  }, [props.data]);
  return <div class="report-chart" ref={box} aria-hidden="true" />;
}
