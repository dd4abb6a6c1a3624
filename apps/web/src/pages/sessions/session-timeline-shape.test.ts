import type { SessionTimelineEntry } from "@em/contracts";
import { describe, expect, it } from "vitest";
import { shapeTimeline, timelinePercent } from "./session-timeline-shape.js";

const T0 = Date.UTC(2026, 0, 1);
const at = (ms: number) => new Date(T0 + ms).toISOString();

function entry(
  ms: number,
  type: SessionTimelineEntry["type"],
  fields: Partial<SessionTimelineEntry> = {},
): SessionTimelineEntry {
  return {
    at: at(ms),
    type,
    source: type === "failover" ? "sdk" : "realm",
    realm: null,
    fromRealm: null,
    toRealm: null,
    reason: null,
    stallMs: null,
    resumeEids: {},
    lost: 0,
    duplicated: 0,
    ...fields,
  };
}

describe("session timeline shape", () => {
  it("puts each realm's stretch on its band with the gap between and the SDK's stall", () => {
    const shape = shapeTimeline(
      [
        entry(0, "connected", { realm: "realm2" }),
        entry(10_000, "disconnected", { realm: "realm2", reason: "Stale Connection" }),
        entry(16_000, "connected", { realm: "realm3" }),
        entry(16_050, "failover", { fromRealm: "realm2", toRealm: "realm3", stallMs: 6_000 }),
      ],
      T0 + 20_000,
    );
    expect(shape.realms).toEqual(["realm2", "realm3"]);
    expect(shape.stretches).toEqual([
      { realm: "realm2", fromMs: T0, toMs: T0 + 10_000 },
      { realm: "realm3", fromMs: T0 + 16_000, toMs: null },
    ]);
    expect(shape.gaps).toEqual([
      {
        fromMs: T0 + 10_000,
        toMs: T0 + 16_000,
        fromRealm: "realm2",
        toRealm: "realm3",
        stallMs: 6_000,
      },
    ]);
    expect(shape.endMs).toBe(T0 + 20_000);
    expect(timelinePercent(shape, T0 + 10_000)).toBe(50);
  });

  it("lets an SDK failover alone move the session, closing the old stretch a stall earlier", () => {
    const shape = shapeTimeline(
      [
        entry(1_000, "failover", { fromRealm: "realm1", toRealm: "realm2", stallMs: 300 }),
        entry(0, "connected", { realm: "realm1" }),
        entry(5_000, "closed", { realm: "realm2" }),
      ],
      T0 + 60_000,
    );
    expect(shape.stretches).toEqual([
      { realm: "realm1", fromMs: T0, toMs: T0 + 700 },
      { realm: "realm2", fromMs: T0 + 1_000, toMs: T0 + 5_000 },
    ]);
    expect(shape.gaps[0]?.stallMs).toBe(300);
    // Closed: the timeline ends with the session, not now.
    expect(shape.endMs).toBe(T0 + 5_000);
  });

  it("ends a killed realm's stretch a stall before the resume when no disconnect came", () => {
    const shape = shapeTimeline(
      [
        entry(0, "connected", { realm: "realm2" }),
        entry(16_000, "connected", { realm: "realm3" }),
        entry(16_050, "failover", { fromRealm: "realm2", toRealm: "realm3", stallMs: 6_000 }),
        // The feed closes the dead realm's connection much later.
        entry(40_000, "disconnected", { realm: "realm2" }),
      ],
      T0 + 60_000,
    );
    expect(shape.stretches).toEqual([
      { realm: "realm2", fromMs: T0, toMs: T0 + 10_050 },
      { realm: "realm3", fromMs: T0 + 16_000, toMs: null },
    ]);
    expect(shape.gaps[0]).toMatchObject({ fromMs: T0 + 10_050, toMs: T0 + 16_000, stallMs: 6_000 });
  });

  it("copes with no entries", () => {
    const shape = shapeTimeline([], T0);
    expect(shape.stretches).toEqual([]);
    expect(shape.endMs).toBeGreaterThan(shape.startMs);
  });
});
