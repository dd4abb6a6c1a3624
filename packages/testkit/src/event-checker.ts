/** What a stream of numbered events looked like against the numbers that should have arrived. */
export interface EventStreamReport {
  /** Events seen, duplicates included. */
  received: number;
  /** Distinct numbers seen. */
  distinct: number;
  /** Expected numbers never seen, ascending. */
  missing: number[];
  /** Numbers seen more than once, each listed once, ascending. */
  duplicated: number[];
  /** Numbers whose first sighting came after a greater number's, in arrival order. */
  reordered: number[];
  /** Numbers seen that were not expected, each listed once, ascending. */
  unexpected: number[];
  /** Every expected number arrived exactly once, in ascending order, and nothing else did. */
  exact: boolean;
}

/** An inclusive range of numbers, or the numbers themselves. */
export type ExpectedEvents = { first: number; last: number } | Iterable<number>;

function expectedSet(expected: ExpectedEvents): Set<number> {
  if (Symbol.iterator in expected) return new Set(expected);
  const numbers = new Set<number>();
  for (let n = expected.first; n <= expected.last; n++) numbers.add(n);
  return numbers;
}

/**
 * Checks a stream of numbered events (an event number, an EID) for gaps, duplicates and
 * reordering: `checkEventStream(seen, { first: 1, last: 1000 }).exact`.
 */
export function checkEventStream(
  received: Iterable<number>,
  expected: ExpectedEvents,
): EventStreamReport {
  const wanted = expectedSet(expected);
  const counts = new Map<number, number>();
  const reordered: number[] = [];
  let total = 0;
  let highest = Number.NEGATIVE_INFINITY;
  for (const n of received) {
    total += 1;
    const seen = counts.get(n) ?? 0;
    counts.set(n, seen + 1);
    if (seen === 0 && n < highest) reordered.push(n);
    highest = Math.max(highest, n);
  }
  const ascending = (a: number, b: number) => a - b;
  const missing = [...wanted].filter((n) => !counts.has(n)).sort(ascending);
  const duplicated = [...counts]
    .filter(([, count]) => count > 1)
    .map(([n]) => n)
    .sort(ascending);
  const unexpected = [...counts.keys()].filter((n) => !wanted.has(n)).sort(ascending);
  return {
    received: total,
    distinct: counts.size,
    missing,
    duplicated,
    reordered,
    unexpected,
    exact:
      missing.length === 0 &&
      duplicated.length === 0 &&
      reordered.length === 0 &&
      unexpected.length === 0,
  };
}

const MAX_LISTED = 10;

function list(numbers: number[]): string {
  const shown = numbers.slice(0, MAX_LISTED).join(", ");
  return numbers.length > MAX_LISTED ? `${shown}, … (${numbers.length})` : shown;
}

/** One line for a log or an assertion message: counts, and the first few of each problem. */
export function describeEventStream(report: EventStreamReport): string {
  const parts = [`${report.received} received (${report.distinct} distinct)`];
  parts.push(
    `${report.missing.length} missing${report.missing.length ? ` [${list(report.missing)}]` : ""}`,
  );
  parts.push(
    `${report.duplicated.length} duplicated${report.duplicated.length ? ` [${list(report.duplicated)}]` : ""}`,
  );
  parts.push(
    `${report.reordered.length} out of order${report.reordered.length ? ` [${list(report.reordered)}]` : ""}`,
  );
  if (report.unexpected.length)
    parts.push(`${report.unexpected.length} unexpected [${list(report.unexpected)}]`);
  return parts.join(", ");
}
