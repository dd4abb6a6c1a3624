import type { ClientSession } from "@em/contracts";
import { describe, expect, it } from "vitest";
import {
  nextSessionSort,
  parseSessionSort,
  sessionSortParam,
  sortSessions,
} from "./session-sort.js";

const session = (name: string, failovers: number, lastStallMs: number | null): ClientSession => ({
  name,
  realm: `realm${failovers}`,
  protocol: "nsp",
  state: "connected",
  since: new Date(Date.UTC(2026, 0, 1, 0, failovers)).toISOString(),
  lastEventAt: new Date(Date.UTC(2026, 0, 1)).toISOString(),
  failovers,
  lastStallMs,
  sdk: true,
  lost: 0,
  duplicated: 0,
});

describe("session sort", () => {
  const rows = [session("sub-10", 2, 250), session("sub-2", 0, null), session("pub-1", 5, 6_100)];

  it("reads and writes the URL parameter", () => {
    expect(parseSessionSort("-failovers")).toEqual({ key: "failovers", descending: true });
    expect(parseSessionSort("name")).toEqual({ key: "name", descending: false });
    expect(parseSessionSort("bogus")).toBeNull();
    expect(sessionSortParam({ key: "stall", descending: true })).toBe("-stall");
    expect(sessionSortParam(null)).toBe("");
  });

  it("sorts names naturally and counts with the biggest first on the first click", () => {
    expect(sortSessions(rows, { key: "name", descending: false }).map((s) => s.name)).toEqual([
      "pub-1",
      "sub-2",
      "sub-10",
    ]);
    const byFailovers = nextSessionSort(null, "failovers");
    expect(byFailovers.descending).toBe(true);
    expect(sortSessions(rows, byFailovers).map((s) => s.failovers)).toEqual([5, 2, 0]);
    expect(nextSessionSort(byFailovers, "failovers").descending).toBe(false);
    expect(
      sortSessions(rows, { key: "stall", descending: true }).map((s) => s.lastStallMs),
    ).toEqual([6_100, 250, null]);
    expect(sortSessions(rows, null)).toEqual(rows);
  });
});
