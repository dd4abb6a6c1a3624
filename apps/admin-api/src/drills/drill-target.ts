import { ApiError } from "@em/contracts";
import type { ClusterService } from "../cluster-service.js";
import type { HostRecord, HostStore } from "../host-store.js";
import type { RealmPoller } from "../realm-poller.js";

/** The realm a drill fails, and where it lives. */
export interface DrillTarget {
  realm: string;
  host: HostRecord;
  /** Its cluster as the admin API records it; null for a standalone realm. */
  cluster: string | null;
}

/**
 * Finds the realm a drill asks for, or refuses: 404 when no one knows it, 409 when it is not on
 * a registered host (only realmd can fail it and bring it back) or not online (a drill on a
 * realm already down would measure nothing and could take the cluster below quorum).
 */
export function drillTarget(
  realm: string,
  deps: { poller: RealmPoller; hosts: HostStore; clusters: ClusterService },
): DrillTarget {
  const states = deps.clusters.states();
  const cluster = states.find((state) => state.members.some((m) => m.realm === realm));
  const view = deps.poller.findRealm(realm);
  const host = view && deps.hosts.get(view.hostId);
  if (!view || !host) {
    if (!cluster) throw new ApiError("NOT_FOUND", `No realm named "${realm}"`);
    throw new ApiError(
      "INVALID_STATE",
      `Realm "${realm}" of cluster "${cluster.name}" is on no registered host: a drill needs its host's realmd to fail it and bring it back; register the host first`,
    );
  }
  const { status, problem } = view.summary;
  if (status !== "online")
    throw new ApiError(
      "INVALID_STATE",
      `Realm "${realm}" is ${status}${problem ? ` (${problem})` : ""}: a drill needs it online`,
    );
  return { realm, host, cluster: cluster?.name ?? null };
}
