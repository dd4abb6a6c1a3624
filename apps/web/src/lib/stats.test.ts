import { describe, expect, it } from "vitest";
import { percentile, stallSummary } from "./stats.js";

describe("stats", () => {
  it("takes percentiles by nearest rank", () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([40, 10, 30, 20], 50)).toBe(20);
    expect(percentile([5], 99)).toBe(5);
    expect(percentile([1, 2, 3, 4, 5], 100)).toBe(5);
    expect(percentile([1, 2, 3, 4, 5], 0)).toBe(1);
  });

  it("summarises known stalls and leaves unknown ones out", () => {
    expect(stallSummary([250, null, 6_100, 30, 40, 20])).toEqual({
      count: 5,
      p50Ms: 40,
      maxMs: 6_100,
    });
    expect(stallSummary([null])).toEqual({ count: 0, p50Ms: null, maxMs: null });
  });
});
