import { describe, expect, it } from "vitest";
import { checkEventStream, describeEventStream } from "./event-checker.js";

describe("checkEventStream", () => {
  it("is exact when every expected number arrives once, in order", () => {
    const report = checkEventStream([1, 2, 3, 4], { first: 1, last: 4 });
    expect(report).toEqual({
      received: 4,
      distinct: 4,
      missing: [],
      duplicated: [],
      reordered: [],
      unexpected: [],
      exact: true,
    });
    expect(describeEventStream(report)).toBe(
      "4 received (4 distinct), 0 missing, 0 duplicated, 0 out of order",
    );
  });

  it("finds gaps, duplicates, reordering and strangers", () => {
    const report = checkEventStream([1, 3, 2, 3, 3, 6, 9], { first: 1, last: 6 });
    expect(report).toMatchObject({
      received: 7,
      distinct: 5,
      missing: [4, 5],
      duplicated: [3],
      reordered: [2],
      unexpected: [9],
      exact: false,
    });
    expect(describeEventStream(report)).toBe(
      "7 received (5 distinct), 2 missing [4, 5], 1 duplicated [3], 1 out of order [2], 1 unexpected [9]",
    );
  });

  it("takes the expected numbers as a list, and says how many when the list is long", () => {
    const report = checkEventStream([], [10, 20, ...Array.from({ length: 20 }, (_, i) => 100 + i)]);
    expect(report.missing).toHaveLength(22);
    expect(report.exact).toBe(false);
    expect(describeEventStream(report)).toContain(
      "22 missing [10, 20, 100, 101, 102, 103, 104, 105, 106, 107, … (22)]",
    );
  });

  it("counts a redelivered number as duplicated, not as reordered", () => {
    const report = checkEventStream([1, 2, 3, 2, 4], { first: 1, last: 4 });
    expect(report).toMatchObject({ duplicated: [2], reordered: [], exact: false });
  });
});
