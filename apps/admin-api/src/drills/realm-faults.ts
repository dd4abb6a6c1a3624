import type { DrillAction, RealmAction } from "@em/contracts";
import type { ClusterService } from "../cluster-service.js";
import type { RealmPoller } from "../realm-poller.js";
import { RealmdClient } from "../realmd-client.js";
import type { DrillTarget } from "./drill-target.js";

/** @default 60000 — how long a realm brought back may take to be online and a member again. */
export const BACK_ONLINE_TIMEOUT_MS = 60_000;
/** @default 250 — between checks that the realm is back. */
const BACK_POLL_MS = 250;

/** The realmd action that applies each drill's fault. Graceful stops with SIGTERM. */
const FAULT_ACTIONS: Record<DrillAction, RealmAction> = {
  kill: "kill",
  pause: "pause",
  restart: "restart",
  graceful: "stop",
};

/** The step that applies the fault, for a person. */
export function faultStepName(action: DrillAction, realm: string): string {
  switch (action) {
    case "kill":
      return `kill ${realm} (SIGKILL)`;
    case "pause":
      return `pause ${realm} (SIGSTOP)`;
    case "restart":
      return `restart ${realm}`;
    case "graceful":
      return `stop ${realm} gracefully (SIGTERM): its leaderships move to the followers`;
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}

/** Fails the realm through its realmd; resolves once the action took effect. */
export async function applyFault(
  target: DrillTarget,
  action: DrillAction,
  poller: RealmPoller,
): Promise<string> {
  await new RealmdClient(target.host.url, target.host.token).realmAction(
    target.realm,
    FAULT_ACTIONS[action],
  );
  // Publishes the new state at once instead of at the next poll.
  await poller.refreshRealm(target.host.id, target.realm).catch(() => undefined);
  return `${FAULT_ACTIONS[action]} applied at ${new Date().toISOString()}`;
}

/** Starts or continues the realm as its process state needs; never fails a running realm. */
export async function bringBack(target: DrillTarget, poller: RealmPoller): Promise<string> {
  const view = await poller.refreshRealm(target.host.id, target.realm);
  const state = view?.summary.processState ?? null;
  const realmd = new RealmdClient(target.host.url, target.host.token);
  if (state === "paused") {
    await realmd.realmAction(target.realm, "resume");
    return "continued (SIGCONT)";
  }
  if (state === "running" || state === "starting") return `already ${state}`;
  await realmd.realmAction(target.realm, "start");
  return "started";
}

/**
 * Waits until the realm is online and, in a cluster, a current member again under a master:
 * only then do leaders and sessions show where the drill left them.
 */
export async function waitBack(
  target: DrillTarget,
  deps: { poller: RealmPoller; clusters: ClusterService },
  signal: AbortSignal,
): Promise<string> {
  const started = Date.now();
  const deadline = started + BACK_ONLINE_TIMEOUT_MS;
  let online = false;
  let last = "not polled yet";
  while (Date.now() < deadline && !signal.aborted) {
    if (!online) {
      const view = await deps.poller.refreshRealm(target.host.id, target.realm);
      online = view?.summary.status === "online";
      last = view
        ? `${view.summary.status}${view.summary.problem ? ` (${view.summary.problem})` : ""}`
        : "unknown";
    }
    if (online) {
      if (!target.cluster) return `online after ${Date.now() - started} ms`;
      const state = deps.clusters.states().find((c) => c.name === target.cluster);
      const member = state?.members.find((m) => m.realm === target.realm);
      if (state?.master && (member?.state === "member" || member?.state === "master"))
        return `online and a member of ${target.cluster} after ${Date.now() - started} ms`;
      last = `online, member state ${member?.state ?? "unknown"}`;
    }
    await sleep(BACK_POLL_MS, signal);
  }
  throw new Error(
    signal.aborted
      ? `the admin API is shutting down; ${target.realm} was ${last}`
      : `${target.realm} was not back within ${BACK_ONLINE_TIMEOUT_MS / 1000} s: ${last}`,
  );
}
