import { describe, expect, it } from "vitest";
import type { ClusterHistory } from "@em/contracts";
import {
  chartRows,
  chartSlotMs,
  hasSamples,
  medianSpacingMs,
  metricSummary,
  rateKey,
  rateRows,
  type HistorySample,
} from "./history-series.js";

const FROM = Date.parse("2026-01-01T00:00:00.000Z");
const iso = (ms: number) => new Date(ms).toISOString();

function sample(atMs: number, values: Partial<HistorySample> = {}): HistorySample {
  return {
    at: iso(atMs),
    messagesInPerSecond: 1,
    messagesOutPerSecond: 2,
    connections: 3,
    replicaLag: 0,
    ...values,
  };
}

function history(realms: ClusterHistory["realms"], minutes = 1): ClusterHistory {
  return {
    cluster: "demo",
    from: iso(FROM),
    to: iso(FROM + minutes * 60_000),
    realms,
    summary: { published: 0, consumed: 0, publishedPerSecond: 0, consumedPerSecond: 0 },
  };
}

describe("history series", () => {
  it("medianSpacingMs - the typical time between samples, across realms", () => {
    const realms = [
      { realm: "r1", samples: [sample(FROM), sample(FROM + 1_000), sample(FROM + 2_000)] },
      { realm: "r2", samples: [sample(FROM), sample(FROM + 10_000)] },
    ];
    expect(medianSpacingMs(realms)).toBe(1_000);
    expect(medianSpacingMs([{ realm: "r1", samples: [sample(FROM)] }])).toBeNull();
  });

  it("chartSlotMs - an hour in 30 s slots, never narrower than two sample spacings", () => {
    expect(chartSlotMs(history([], 60))).toBe(30_000);
    const sparse = [
      { realm: "r1", samples: [sample(FROM), sample(FROM + 20_000), sample(FROM + 40_000)] },
    ];
    expect(chartSlotMs(history(sparse, 1))).toBe(40_000);
  });

  it("chartRows - one row per slot; rates averaged, connections and lag at their peak", () => {
    const h = history([
      {
        realm: "r1",
        samples: [
          sample(FROM, { messagesInPerSecond: 10, connections: 5, replicaLag: 2 }),
          sample(FROM + 4_000, { messagesInPerSecond: 20, connections: 7, replicaLag: null }),
        ],
      },
    ]);
    expect(chartRows(h, "messagesInPerSecond", 10_000).slice(0, 2)).toEqual([
      { t: FROM, r1: 15 },
      { t: FROM + 10_000, r1: null },
    ]);
    expect(chartRows(h, "connections", 10_000)[0]).toEqual({ t: FROM, r1: 7 });
    // An unknown lag is no value, not zero.
    expect(chartRows(h, "replicaLag", 10_000)[0]).toEqual({ t: FROM, r1: 2 });
    expect(chartRows(h, "messagesInPerSecond", 10_000)).toHaveLength(7);
  });

  it("chartRows - a realm without samples in a slot leaves a gap, the others go on", () => {
    const h = history([
      { realm: "r1", samples: [sample(FROM), sample(FROM + 20_000)] },
      { realm: "r2", samples: [sample(FROM), sample(FROM + 10_000), sample(FROM + 20_000)] },
    ]);
    expect(chartRows(h, "connections", 10_000).slice(0, 3)).toEqual([
      { t: FROM, r1: 3, r2: 3 },
      { t: FROM + 10_000, r1: null, r2: 3 },
      { t: FROM + 20_000, r1: 3, r2: 3 },
    ]);
  });

  it("rateRows - messages in and out per realm in the same rows", () => {
    const h = history([{ realm: "r1", samples: [sample(FROM)] }]);
    expect(rateRows(h, 30_000)[0]).toEqual({
      t: FROM,
      [rateKey("r1", "in")]: 1,
      [rateKey("r1", "out")]: 2,
    });
  });

  it("metricSummary - the latest value and the peak per realm, in words", () => {
    const h = history([
      { realm: "r1", samples: [sample(FROM, { connections: 9 }), sample(FROM + 1_000)] },
      { realm: "r2", samples: [] },
    ]);
    expect(metricSummary(h, "connections", " connections")).toBe(
      "r1: now 3 connections, peak 9 connections. r2: no samples.",
    );
    expect(hasSamples(h)).toBe(true);
    expect(hasSamples(history([{ realm: "r2", samples: [] }]))).toBe(false);
  });
});
