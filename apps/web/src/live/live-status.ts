import { createExternalStore, useExternalStore } from "../lib/external-store.js";

/**
 * The live feed as the operator sees it:
 * `connecting` before the first answer, `live` while subscribed, `polling` while the socket is
 * down and the console falls back to polling.
 */
export type LiveStatus = "connecting" | "live" | "polling";

export const liveStatusStore = createExternalStore<LiveStatus>("connecting");

export function useLiveStatus(): LiveStatus {
  return useExternalStore(liveStatusStore);
}
