import type { JetStreamManager } from "@nats-io/jetstream";

/**
 * Where a subscription starts. `fromEid`: that EID (or the next one still stored);
 * `fromLatest`: the first event published after subscribing (the default); `fromTime`: the
 * first event stored at or after that time.
 */
export type StartPosition = { fromEid: number } | { fromLatest: true } | { fromTime: Date };

/** The first EID to read, found by direct gets only, so it works during elections too. */
export async function firstEidFor(
  jsm: JetStreamManager,
  stream: string,
  subject: string,
  start: StartPosition,
): Promise<number> {
  if ("fromEid" in start) return Math.max(1, Math.floor(start.fromEid));
  if ("fromLatest" in start) {
    // The stream leader knows the last EID for sure; a lagging replica answering a direct get
    // would start the subscription a few events early. Without a leader (an election), the
    // direct get is the best answer there is.
    const leaderLast = await lastEidFromLeader(jsm, stream);
    if (leaderLast !== undefined) return leaderLast + 1;
  }
  const last = await jsm.direct.getMessage(stream, { last_by_subj: subject });
  if ("fromLatest" in start) return last ? last.seq + 1 : 1;
  if (!last || last.time < start.fromTime) return last ? last.seq + 1 : 1;
  // Direct get by start time needs nats-server 2.11; binary search by EID instead.
  const first = await jsm.direct.getMessage(stream, { seq: 1, next_by_subj: subject });
  let answer = last.seq;
  let low = first?.seq ?? 1;
  let high = last.seq;
  while (low <= high) {
    const middle = Math.floor((low + high) / 2);
    const event = await jsm.direct.getMessage(stream, { seq: middle, next_by_subj: subject });
    if (event && event.time < start.fromTime) {
      low = event.seq + 1;
    } else {
      if (event) answer = Math.min(answer, event.seq);
      high = middle - 1;
    }
  }
  return answer;
}

async function lastEidFromLeader(
  jsm: JetStreamManager,
  stream: string,
): Promise<number | undefined> {
  try {
    return (await jsm.streams.info(stream)).state.last_seq;
  } catch {
    return undefined;
  }
}

/** At most one of `fromEid`, `fromLatest`, `fromTime`; none means `fromLatest`. */
export type StartOptions =
  | { fromEid: number; fromLatest?: never; fromTime?: never }
  | { fromLatest: true; fromEid?: never; fromTime?: never }
  | { fromTime: Date; fromEid?: never; fromLatest?: never }
  | { fromEid?: never; fromLatest?: never; fromTime?: never };

export function startPositionOf(options: StartOptions): StartPosition {
  if (options.fromEid !== undefined) return { fromEid: options.fromEid };
  if (options.fromTime !== undefined) return { fromTime: options.fromTime };
  return { fromLatest: true };
}
