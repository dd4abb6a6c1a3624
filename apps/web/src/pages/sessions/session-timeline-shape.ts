import type { SessionTimelineEntry } from "@em/contracts";

/** A stretch of time a session spent on one realm; `toMs` null while it is still there. */
export interface RealmStretch {
  realm: string;
  fromMs: number;
  toMs: number | null;
}

/** Time without a realm between two stretches, with the stall the SDK reported for it. */
export interface TimelineGap {
  fromMs: number;
  toMs: number;
  fromRealm: string;
  toRealm: string | null;
  stallMs: number | null;
}

export interface TimelineShape {
  stretches: RealmStretch[];
  gaps: TimelineGap[];
  /** Realms in the order the session first reached them: one band each. */
  realms: string[];
  startMs: number;
  endMs: number;
}

/**
 * Which realm when, from a session's timeline entries (oldest first or not). The realms' own
 * connect and disconnect events and the SDK's failover reports say the same move twice; a
 * failover opens the new stretch only if a connect has not already, and closes the old one
 * `stallMs` before it resumed.
 */
export function shapeTimeline(
  entries: readonly SessionTimelineEntry[],
  nowMs: number,
): TimelineShape {
  const sorted = [...entries].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const stretches: RealmStretch[] = [];
  const stallAt = new Map<RealmStretch, number | null>();
  // Stretches ended by a connect elsewhere, not by their own realm's disconnect: a killed realm
  // sends none, so only the SDK's stall says when the session really lost it.
  const endedBySwitch = new Set<RealmStretch>();
  // A holder, not a `let`: the helpers below change it, which narrowing cannot follow.
  const cursor: { open: RealmStretch | null } = { open: null };

  const close = (atMs: number) => {
    if (!cursor.open) return;
    cursor.open.toMs = Math.max(cursor.open.fromMs, atMs);
    cursor.open = null;
  };
  const openOn = (realm: string, atMs: number, stallMs: number | null = null) => {
    const stretch: RealmStretch = { realm, fromMs: atMs, toMs: null };
    stretches.push(stretch);
    stallAt.set(stretch, stallMs);
    cursor.open = stretch;
  };

  for (const entry of sorted) {
    const atMs = Date.parse(entry.at);
    const open = cursor.open;
    switch (entry.type) {
      case "connected":
        if (entry.realm === null || open?.realm === entry.realm) break;
        if (open) endedBySwitch.add(open);
        close(atMs);
        openOn(entry.realm, atMs);
        break;
      case "failover": {
        const to = entry.toRealm;
        if (open !== null && open.realm === to) {
          // The realm's connect came first; the SDK's report still carries the stall.
          if (stallAt.get(open) === null) stallAt.set(open, entry.stallMs);
          const before = stretches[stretches.indexOf(open) - 1];
          if (
            before !== undefined &&
            before.toMs !== null &&
            endedBySwitch.has(before) &&
            before.realm === entry.fromRealm &&
            entry.stallMs !== null
          ) {
            before.toMs = Math.max(before.fromMs, Math.min(before.toMs, atMs - entry.stallMs));
          }
          break;
        }
        close(atMs - (entry.stallMs ?? 0));
        if (to !== null) openOn(to, atMs, entry.stallMs);
        break;
      }
      case "disconnected":
      case "closed":
        if (open !== null && (entry.realm === null || entry.realm === open.realm)) close(atMs);
        break;
    }
  }

  const gaps: TimelineGap[] = [];
  for (let i = 1; i < stretches.length; i += 1) {
    const before = stretches[i - 1];
    const after = stretches[i];
    if (!before || !after || before.toMs === null) continue;
    gaps.push({
      fromMs: before.toMs,
      toMs: Math.max(before.toMs, after.fromMs),
      fromRealm: before.realm,
      toRealm: after.realm,
      stallMs: stallAt.get(after) ?? null,
    });
  }
  const realms = [...new Set(stretches.map((s) => s.realm))];
  const first = sorted[0];
  const last = sorted.at(-1);
  const startMs = first ? Date.parse(first.at) : nowMs;
  const endMs = cursor.open !== null || !last ? nowMs : Date.parse(last.at);
  return { stretches, gaps, realms, startMs, endMs: Math.max(endMs, startMs + 1) };
}

/** Where `ms` falls on the timeline, as a percentage of its width. */
export function timelinePercent(shape: TimelineShape, ms: number): number {
  const span = shape.endMs - shape.startMs;
  return Math.min(100, Math.max(0, ((ms - shape.startMs) / span) * 100));
}
