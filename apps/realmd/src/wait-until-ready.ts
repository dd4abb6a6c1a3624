import { setTimeout as delay } from "node:timers/promises";

/** How a freshly spawned realm's start-up ended. */
export type Readiness = "ready" | "exited" | "timeout";

const READINESS_POLL_MS = 100;
const HEALTH_REQUEST_TIMEOUT_MS = 1_000;

/**
 * Polls the realm's `/healthz` until it answers, raced against the process exiting, so a realm
 * that dies during start-up fails at once instead of after the whole timeout.
 */
export async function waitUntilReady(
  monitorPort: number,
  exitHandled: Promise<void>,
  timeoutMs: number,
): Promise<Readiness> {
  let exited = false;
  const exitedFirst = exitHandled.then(() => {
    exited = true;
    return false;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited) return "exited";
    if (await Promise.race([isHealthy(monitorPort), exitedFirst])) return "ready";
    await Promise.race([delay(READINESS_POLL_MS), exitedFirst]);
  }
  return exited ? "exited" : "timeout";
}

async function isHealthy(monitorPort: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${monitorPort}/healthz`, {
      signal: AbortSignal.timeout(HEALTH_REQUEST_TIMEOUT_MS),
    });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}
