import type { Session, SessionStatus } from "../src/index.js";

/** What a subscriber saw: every event's number in arrival order, and when each arrived. */
export interface Received {
  numbers: number[];
  eids: number[];
  arrivals: number[];
}

export function receiver(): Received & {
  handler: (event: { eid: number; text(): string }) => void;
} {
  const received: Received = { numbers: [], eids: [], arrivals: [] };
  return {
    ...received,
    handler: (event) => {
      received.numbers.push(Number(event.text()));
      received.eids.push(event.eid);
      received.arrivals.push(Date.now());
    },
    get numbers() {
      return received.numbers;
    },
    get eids() {
      return received.eids;
    },
    get arrivals() {
      return received.arrivals;
    },
  };
}

/** The longest time between two consecutive arrivals after `since`, in ms. */
export function longestPause(arrivals: number[], since: number): number {
  let longest = 0;
  let previous = since;
  for (const at of arrivals) {
    if (at < since) continue;
    longest = Math.max(longest, at - previous);
    previous = at;
  }
  return longest;
}

/**
 * Publishes `count` numbered events (1…count) through a pipelined publisher, one every
 * `everyMs`, calling `midway` after `killAt` of them. Returns when all are stored.
 */
export async function publishNumbered(
  session: Session,
  channel: string,
  count: number,
  options: { everyMs: number; killAt: number; midway: () => Promise<void> },
): Promise<{ acks: number[]; eids: Map<number, number> }> {
  const publisher = session.publisher(channel, { maxInFlight: 64 });
  const acks: number[] = [];
  const eids = new Map<number, number>();
  const stored: Promise<void>[] = [];
  // Unique per run: ids repeated within the dedupe window would be acked as duplicates.
  const run = Math.random().toString(36).slice(2, 10);
  let midway: Promise<void> | undefined;
  for (let n = 1; n <= count; n++) {
    const pending = await publisher.publish(String(n), { eventId: `${run}-${n}` });
    stored.push(
      pending.stored.then((published) => {
        acks.push(Date.now());
        eids.set(n, published.eid);
      }),
    );
    if (n === options.killAt) midway = options.midway();
    await new Promise((resolve) => setTimeout(resolve, options.everyMs));
  }
  await Promise.all(stored);
  await midway;
  return { acks, eids };
}

/** Records every status a session emits. */
export function statusLog(session: Session): SessionStatus[] {
  const log: SessionStatus[] = [];
  for (const type of [
    "connected",
    "disconnected",
    "reconnecting",
    "reconnected",
    "closed",
  ] as const)
    session.on(type, (status) => log.push(status));
  return log;
}

export const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);
