import type { DemoFailover } from "./demo-failovers.js";
import { DemoPublisher } from "./demo-publisher.js";
import type { DemoSubscriber } from "./demo-subscriber.js";

/** What the demo sessions went through while a drill watched them. */
export interface DemoWindowResult {
  /** Each session's longest stall in the window (see StallMeter). */
  stalls: { session: string; stallMs: number }[];
  /** The failovers each session saw itself, in the window. */
  failovers: DemoFailover[];
  lost: number;
  duplicated: number;
}

/** A window a drill opens on the demo sessions; `close` ends it. */
export interface DemoWindow {
  /**
   * Whether every session is keeping up again: no event waiting longer than
   * {@link FLOWING_LAG_MS}. A drill closes its window only then, so an election still under way
   * when the realm is back is measured whole.
   */
  flowing(): boolean;
  close(): DemoWindowResult;
}

/** @default 1000 — the most an event may wait for a session that counts as keeping up. */
export const FLOWING_LAG_MS = 1_000;

function counts(subscribers: readonly DemoSubscriber[]): { lost: number; duplicated: number } {
  let lost = 0;
  let duplicated = 0;
  for (const subscriber of subscribers) {
    lost += subscriber.check.lost;
    duplicated += subscriber.check.duplicated;
  }
  return { lost, duplicated };
}

/** Starts watching running demo sessions: their stalls, failovers and counts from now on. */
export function openDemoWindow(
  publishers: readonly DemoPublisher[],
  subscribers: readonly DemoSubscriber[],
): DemoWindow {
  const openedAt = Date.now();
  const sessions = [...publishers, ...subscribers];
  const stalls = sessions.map((session) => session.stall.window());
  const before = counts(subscribers);
  const pending = (index: number, now: number) => {
    const session = sessions[index];
    if (session instanceof DemoPublisher) return session.pendingMs(now);
    const stored = new Map(publishers.map((p) => [p.name, p.events]));
    return session ? session.pendingMs(stored, now) : 0;
  };
  return {
    flowing: () => {
      const now = Date.now();
      return sessions.every((_, index) => pending(index, now) < FLOWING_LAG_MS);
    },
    close: () => {
      const now = Date.now();
      const after = counts(subscribers);
      return {
        stalls: sessions.map((session, index) => ({
          session: session.name,
          stallMs: stalls[index]?.close(pending(index, now)) ?? 0,
        })),
        failovers: sessions
          .flatMap((session) => session.failovers)
          .filter((failover) => failover.at >= openedAt && failover.at <= now)
          .sort((a, b) => a.at - b.at),
        lost: after.lost - before.lost,
        duplicated: after.duplicated - before.duplicated,
      };
    },
  };
}
