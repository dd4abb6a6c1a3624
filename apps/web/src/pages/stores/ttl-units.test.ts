import { describe, expect, it } from "vitest";
import { formatTtl, ttlFromMs, ttlToMs } from "./ttl-units.js";

describe("TTL units", () => {
  it("converts each unit to milliseconds", () => {
    expect(ttlToMs(0, "days")).toBe(0);
    expect(ttlToMs(250, "ms")).toBe(250);
    expect(ttlToMs(1.1, "s")).toBe(1_100);
    expect(ttlToMs(5, "min")).toBe(300_000);
    expect(ttlToMs(1, "h")).toBe(3_600_000);
    expect(ttlToMs(1.5, "h")).toBe(5_400_000);
    expect(ttlToMs(7, "days")).toBe(604_800_000);
  });

  it("keeps a real fraction of a millisecond, for the schema to refuse", () => {
    expect(Number.isInteger(ttlToMs(0.0001, "s"))).toBe(false);
  });

  it("picks the largest unit that keeps the value whole", () => {
    expect(ttlFromMs(3_600_000)).toEqual({ value: 1, unit: "h" });
    expect(ttlFromMs(5_400_000)).toEqual({ value: 90, unit: "min" });
    expect(ttlFromMs(1_500)).toEqual({ value: 1_500, unit: "ms" });
    expect(ttlFromMs(172_800_000)).toEqual({ value: 2, unit: "days" });
    expect(ttlFromMs(0)).toEqual({ value: 0, unit: "h" });
  });

  it("reads 0 as forever", () => {
    expect(formatTtl(0)).toBe("forever");
    expect(formatTtl(3_600_000)).toBe("1 h");
    expect(formatTtl(86_400_000)).toBe("1 day");
    expect(formatTtl(90_000)).toBe("90 s");
  });
});
