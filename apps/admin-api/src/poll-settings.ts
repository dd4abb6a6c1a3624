import type { RealmStateEvent } from "@em/contracts";
import type { HostStore } from "./host-store.js";
import type { Logger } from "./logger.js";

/** What every host and realm poll loop shares. */
export interface PollSettings {
  store: HostStore;
  logger: Logger;
  pollIntervalMs: number;
  /** How long a realm may take to answer before it counts as unresponsive. */
  realmTimeoutMs: number;
  /** What realmd is told to wait for a realm: our own budget minus room for the round trip. */
  realmdWaitMs: number;
  /** A realm changed status or process state: publish at once. */
  onStateChange: (event: RealmStateEvent) => void;
  /** A realm is gone from its host, or its host was forgotten. */
  onRemoved: (name: string) => void;
}

/**
 * How long a loop waits before its next poll: one interval after the last poll started, so a
 * slow poll does not stretch the cadence, but never back to back after one that overran.
 */
export function nextPollDelay(pollIntervalMs: number, startedAt: number): number {
  return Math.max(pollIntervalMs - (Date.now() - startedAt), Math.min(100, pollIntervalMs));
}
