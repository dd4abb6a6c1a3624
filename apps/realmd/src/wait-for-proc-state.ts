import { setTimeout as delay } from "node:timers/promises";
import { readProcessInfo } from "./process-info.js";

/** SIGSTOP and SIGCONT take effect asynchronously; this bounds the wait for /proc to agree. */
const SIGNAL_SETTLE_MS = 1_000;
const SIGNAL_SETTLE_POLL_MS = 10;

/**
 * Waits until /proc shows the process in a state `done` accepts, or it is gone; gives up
 * quietly after a second, as the signal has been sent either way.
 */
export async function waitForProcState(
  pid: number,
  done: (state: string) => boolean,
): Promise<void> {
  const deadline = Date.now() + SIGNAL_SETTLE_MS;
  while (Date.now() < deadline) {
    const info = await readProcessInfo(pid);
    if (!info || done(info.state)) return;
    await delay(SIGNAL_SETTLE_POLL_MS);
  }
}
