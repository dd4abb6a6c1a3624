import type { Session } from "@em/client";

/** One failover a demo session went through, as its own status feed told it. */
export interface DemoFailover {
  session: string;
  from: string;
  to: string;
  stallMs: number;
  /** Epoch ms when it reached the new realm. */
  at: number;
}

/** Records every failover of a session into `into`; returns a function that stops recording. */
export function recordFailovers(session: Session, into: DemoFailover[]): () => void {
  return session.on("reconnected", (status) => {
    into.push({
      session: session.name,
      from: status.fromRealm,
      to: status.realm,
      stallMs: status.stallMs,
      at: Date.now(),
    });
  });
}
