/** EIDs the live tail did not show: a range stored between two polls, older than the new page. */
export interface TailGap {
  fromEid: number;
  toEid: number;
}

/**
 * The tail reads the newest page each second, so a burst larger than a page between two polls
 * would vanish from view without a word; this finds that range so the panel can say so.
 * `shownUpTo` is the highest EID the tail showed before (null: nothing yet).
 */
export function tailGap(
  shownUpTo: number | null,
  events: readonly { eid: number }[],
): TailGap | null {
  const oldest = events[0]?.eid;
  if (shownUpTo === null || oldest === undefined) return null;
  return oldest > shownUpTo + 1 ? { fromEid: shownUpTo + 1, toEid: oldest - 1 } : null;
}

/** The newest EID on a page in EID order, or `fallback` when it is empty. */
export function newestEid(events: readonly { eid: number }[], fallback: number | null) {
  return events.at(-1)?.eid ?? fallback;
}
