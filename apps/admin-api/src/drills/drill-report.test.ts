import { describe, expect, test } from "vitest";
import type { SessionFailoverEvent } from "@em/contracts";
import type { DemoWindowResult } from "../demo/demo-window.js";
import { MASTER_STORE, buildDrillReport, median } from "./drill-report.js";
import type { LeaderView } from "./leader-view.js";

const view = (master: string, leaders: Record<string, string | null>): LeaderView => ({
  master,
  stores: new Map(
    Object.entries(leaders).map(([name, leader]) => [
      name,
      { stream: `UM_${name}`, leader, replicas: 3, currentFollowers: [] },
    ]),
  ),
});

const reported = (session: string, from: string, to: string, stallMs: number) =>
  ({
    session,
    from,
    to,
    stallMs,
    resumeEid: {},
    lost: 0,
    duplicated: 0,
    at: new Date().toISOString(),
  }) satisfies SessionFailoverEvent;

describe("buildDrillReport", () => {
  test("names the leaders and the master that moved, and only those", () => {
    const report = buildDrillReport({
      failovers: [],
      demo: null,
      before: view("realm1", { "/sales": "realm1", "/jobs": "realm2" }),
      after: view("realm2", { "/sales": "realm3", "/jobs": "realm2" }),
      quorumHeld: true,
    });
    expect(report.leadersMoved).toEqual([
      { store: MASTER_STORE, from: "realm1", to: "realm2" },
      { store: "/sales", from: "realm1", to: "realm3" },
    ]);
    expect(report.quorumHeld).toBe(true);
  });

  test("counts a demo session's failover once when the SDK reported it too", () => {
    const demo: DemoWindowResult = {
      stalls: [
        { session: "demo-pub-1", stallMs: 40 },
        { session: "demo-sub-1", stallMs: 6_000 },
        { session: "demo-sub-2", stallMs: 30 },
      ],
      failovers: [
        { session: "demo-sub-1", from: "realm1", to: "realm2", stallMs: 5, at: Date.now() },
        { session: "demo-sub-2", from: "realm1", to: "realm3", stallMs: 7, at: Date.now() },
      ],
      lost: 0,
      duplicated: 0,
    };
    const report = buildDrillReport({
      failovers: [
        reported("demo-sub-1", "realm1", "realm2", 5),
        reported("app-1", "realm1", "realm3", 90),
      ],
      demo,
      before: null,
      after: null,
      quorumHeld: null,
    });
    expect(report.sessions.map((s) => s.session).sort()).toEqual([
      "app-1",
      "demo-sub-1",
      "demo-sub-2",
    ]);
    // Per session, the longest: app-1 90, demo-pub-1 40, demo-sub-1 6000, demo-sub-2 30.
    expect(report.stallP50Ms).toBe(40);
    expect(report.stallMaxMs).toBe(6_000);
    expect(report.leadersMoved).toEqual([]);
  });

  test("adds the demo subscribers' own losses to the reported ones", () => {
    const report = buildDrillReport({
      failovers: [{ ...reported("app-1", "realm1", "realm2", 10), lost: 2, duplicated: 1 }],
      demo: { stalls: [], failovers: [], lost: 3, duplicated: 0 },
      before: null,
      after: null,
      quorumHeld: null,
    });
    expect({ lost: report.lost, duplicated: report.duplicated }).toEqual({
      lost: 5,
      duplicated: 1,
    });
  });

  test("has no stall figures without sessions", () => {
    const report = buildDrillReport({
      failovers: [],
      demo: null,
      before: null,
      after: null,
      quorumHeld: null,
    });
    expect([report.stallP50Ms, report.stallMaxMs]).toEqual([null, null]);
  });
});

describe("median", () => {
  test("takes the middle value, the lower one of an even count", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2);
    expect(median([])).toBeNull();
  });
});
