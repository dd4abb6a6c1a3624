/** Runs, median, p99 and range of a list of values (milliseconds, or events per second). */
export interface Summary {
  runs: number;
  p50: number;
  p99: number;
  min: number;
  max: number;
}

/** The nearest-rank percentile: with fewer than 100 values, p99 is the largest. */
function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

export function summarize(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    runs: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    min: sorted[0] ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
  };
}

/** Milliseconds for a table: two decimals below 10 ms, whole above; "–" for none. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return "–";
  return value < 10 ? `${value.toFixed(2)} ms` : `${value.toFixed(0)} ms`;
}

/** Events per second for a table. */
export function rate(value: number): string {
  return Number.isFinite(value) ? `${Math.round(value).toLocaleString("en")} /s` : "–";
}

/** The `runs | p50 | p99 | min–max` cells of a markdown table row. */
export function summaryCells(summary: Summary, format: (value: number) => string = ms): string {
  return `${summary.runs} | ${format(summary.p50)} | ${format(summary.p99)} | ${format(summary.min)}–${format(summary.max)}`;
}
