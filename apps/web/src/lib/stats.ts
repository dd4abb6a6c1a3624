/**
 * The `p`-th percentile (0–100) of `values` by nearest rank, as drill reports state them;
 * null for no values. p50 of [10, 20, 30, 40] is 20, not an average of two.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((Math.min(100, Math.max(0, p)) / 100) * sorted.length);
  return sorted[Math.max(0, rank - 1)] ?? null;
}

/** p50 and max of the known stalls; nulls (a failover without a reported stall) are left out. */
export function stallSummary(stalls: readonly (number | null)[]): {
  count: number;
  p50Ms: number | null;
  maxMs: number | null;
} {
  const known = stalls.filter((s): s is number => s !== null);
  return {
    count: known.length,
    p50Ms: percentile(known, 50),
    maxMs: known.length === 0 ? null : Math.max(...known),
  };
}
