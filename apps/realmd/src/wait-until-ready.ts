import { setTimeout as delay } from "node:timers/promises";

/** How a freshly spawned realm's start-up ended. */
export type Readiness = "ready" | "exited" | "timeout";

const READINESS_POLL_MS = 100;
const HEALTH_REQUEST_TIMEOUT_MS = 1_000;

/**
 * What "ready" means. A standalone realm is `healthy`: plain `/healthz`. A clustered realm's
 * plain `/healthz` fails until the JetStream meta group has a leader, which takes a majority of
 * the members: waiting for it would time out the first member restarted into a cluster while
 * the others are still on their way. It is ready once `/healthz?js-enabled-only=true` answers:
 * process up, monitoring port open, JetStream enabled (DESIGN.md, engine facts).
 */
export type ReadinessCheck = "healthy" | "jetstream-enabled";

const READINESS_PATHS: Record<ReadinessCheck, string> = {
  healthy: "/healthz",
  "jetstream-enabled": "/healthz?js-enabled-only=true",
};

/**
 * Polls the realm's `/healthz` until it answers, raced against the process exiting, so a realm
 * that dies during start-up fails at once instead of after the whole timeout.
 */
export async function waitUntilReady(
  monitorPort: number,
  exitHandled: Promise<void>,
  timeoutMs: number,
  check: ReadinessCheck = "healthy",
): Promise<Readiness> {
  let exited = false;
  const exitedFirst = exitHandled.then(() => {
    exited = true;
    return false;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited) return "exited";
    if (await Promise.race([isHealthy(monitorPort, READINESS_PATHS[check]), exitedFirst])) {
      return "ready";
    }
    await Promise.race([delay(READINESS_POLL_MS), exitedFirst]);
  }
  return exited ? "exited" : "timeout";
}

async function isHealthy(monitorPort: number, path: string): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${monitorPort}${path}`, {
      signal: AbortSignal.timeout(HEALTH_REQUEST_TIMEOUT_MS),
    });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}
