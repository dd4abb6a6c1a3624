import type { ClusterService } from "../cluster-service.js";
import type { HostStore } from "../host-store.js";
import type { RealmPoller } from "../realm-poller.js";
import type { DrillTarget } from "./drill-target.js";
import { storeLeaders, type LeaderView } from "./leader-view.js";
import { sleep } from "./realm-faults.js";
import { withRealm } from "./realm-nats.js";

/** @default 15000 — after a drill, how long every store may take to have a leader again. */
const LEADERS_BACK_TIMEOUT_MS = 15_000;

type Deps = { poller: RealmPoller; hosts: HostStore; clusters: ClusterService };

/**
 * Who leads what in the target's cluster: the master from the realms' own views, each store's
 * leader asked of the master or else another member up. Null for a standalone realm.
 */
export async function clusterLeaders(target: DrillTarget, deps: Deps): Promise<LeaderView | null> {
  if (!target.cluster) return null;
  const state = deps.clusters.states().find((c) => c.name === target.cluster);
  if (!state) throw new Error(`cluster "${target.cluster}" is no longer recorded`);
  const up = state.members.filter((m) => m.state !== "offline").map((m) => m.realm);
  const candidates = state.master ? [state.master, ...up.filter((r) => r !== state.master)] : up;
  const problems: string[] = [];
  for (const realm of candidates) {
    try {
      const stores = await withRealm(deps, realm, "app", storeLeaders);
      return { master: state.master, stores };
    } catch (error) {
      problems.push(`${realm}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  throw new Error(
    `no member of ${target.cluster} could list its stores (${problems.join("; ") || "none up"})`,
  );
}

/** Leaders after a drill, once there is a master and every store that had a leader has one. */
export async function leadersSettled(
  target: DrillTarget,
  before: LeaderView,
  deps: Deps,
  signal: AbortSignal,
): Promise<LeaderView | null> {
  const deadline = Date.now() + LEADERS_BACK_TIMEOUT_MS;
  for (;;) {
    const after = await clusterLeaders(target, deps);
    const settled =
      after?.master &&
      [...before.stores].every(([name, store]) => !store.leader || after.stores.get(name)?.leader);
    if (settled || Date.now() >= deadline || signal.aborted) return after;
    await sleep(250, signal);
  }
}
