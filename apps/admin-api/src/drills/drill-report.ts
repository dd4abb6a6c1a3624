import type { DrillReport, DrillSession, LeaderMove, SessionFailoverEvent } from "@em/contracts";
import type { DemoWindowResult } from "../demo/demo-window.js";
import type { LeaderView } from "./leader-view.js";

/** The store name a master move is reported under (contracts: LeaderMove.store). */
export const MASTER_STORE = "(master)";

export interface DrillReportInput {
  /** The SDK's failover reports in the drill's window, as the sessions service joined them. */
  failovers: readonly SessionFailoverEvent[];
  /** What the demo sessions went through; null when no demo traffic ran. */
  demo: DemoWindowResult | null;
  /** Null for a standalone realm. */
  before: LeaderView | null;
  after: LeaderView | null;
  quorumHeld: boolean | null;
}

/** The middle value (the lower of the two middle ones for an even count); null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(sorted.length / 2) - 1] ?? null;
}

/**
 * One entry per failover: the SDK's reports, plus the failovers the demo sessions saw
 * themselves that no report matches (a report can be lost with its connection, or the sessions
 * service not listen yet). Matched by session and the realms left and reached.
 */
function failoverEntries(input: DrillReportInput): DrillSession[] {
  const entries: DrillSession[] = input.failovers.map((f) => ({
    session: f.session,
    from: f.from,
    to: f.to,
    stallMs: f.stallMs,
    lost: f.lost,
    duplicated: f.duplicated,
  }));
  const unmatched = [...entries];
  for (const seen of input.demo?.failovers ?? []) {
    const index = unmatched.findIndex(
      (e) => e.session === seen.session && e.from === seen.from && e.to === seen.to,
    );
    if (index >= 0) {
      unmatched.splice(index, 1);
      continue;
    }
    entries.push({
      session: seen.session,
      from: seen.from,
      to: seen.to,
      stallMs: seen.stallMs,
      lost: 0,
      duplicated: 0,
    });
  }
  return entries;
}

/**
 * Each session's stall: the longest of its failovers' time without a realm and, for a demo
 * session, the longest an event waited in the window. A demo session that never failed over
 * still stalls while a store's leader is elected, which is what a kill costs.
 */
function sessionStalls(entries: readonly DrillSession[], demo: DemoWindowResult | null): number[] {
  const stalls = new Map<string, number>();
  const note = (session: string, ms: number) =>
    stalls.set(session, Math.max(stalls.get(session) ?? 0, ms));
  for (const entry of entries) if (entry.stallMs !== null) note(entry.session, entry.stallMs);
  for (const { session, stallMs } of demo?.stalls ?? []) note(session, stallMs);
  return [...stalls.values()];
}

function leaderMoves(before: LeaderView | null, after: LeaderView | null): LeaderMove[] {
  if (!before || !after) return [];
  const moves: LeaderMove[] = [];
  if (before.master !== after.master)
    moves.push({ store: MASTER_STORE, from: before.master, to: after.master });
  const names = new Set([...before.stores.keys(), ...after.stores.keys()]);
  for (const store of [...names].sort()) {
    const from = before.stores.get(store)?.leader ?? null;
    const to = after.stores.get(store)?.leader ?? null;
    if (from !== to) moves.push({ store, from, to });
  }
  return moves;
}

/** A drill's report from what it observed. */
export function buildDrillReport(input: DrillReportInput): DrillReport {
  const sessions = failoverEntries(input);
  const stalls = sessionStalls(sessions, input.demo);
  const sum = (pick: (s: DrillSession) => number) => sessions.reduce((t, s) => t + pick(s), 0);
  return {
    sessions,
    stallP50Ms: median(stalls),
    stallMaxMs: stalls.length === 0 ? null : Math.max(...stalls),
    leadersMoved: leaderMoves(input.before, input.after),
    lost: sum((s) => s.lost) + (input.demo?.lost ?? 0),
    duplicated: sum((s) => s.duplicated) + (input.demo?.duplicated ?? 0),
    quorumHeld: input.quorumHeld,
  };
}
