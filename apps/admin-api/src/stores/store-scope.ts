import { ApiError, type StoreRouteOwner, type StoreScope } from "@em/contracts";
import type { ClusterService } from "../cluster-service.js";
import type { RealmPoller } from "../realm-poller.js";
import type { EngineStore } from "./stream-mapping.js";

/**
 * Where a store route points: a cluster (its replicated stores) or a realm (the stores pinned to
 * it, or every store of a standalone realm), and which realms can answer for it.
 */
export interface ResolvedScope {
  /** Cache key: `cluster/demo` or `realm/realm1`. */
  key: string;
  owner: StoreRouteOwner;
  /** The cluster's or the realm's name. */
  ownerName: string;
  /** For messages: `cluster "demo"`, `realm "realm1"`. */
  where: string;
  scope: StoreScope;
  /** The cluster the realms form; null for a standalone realm. */
  cluster: string | null;
  /** True when the realms form a cluster: stores have replicas, answers need quorum. */
  clustered: boolean;
  /** Realms to ask, best first (the master, then other members up); empty when none is up. */
  realms: string[];
  /** Members of the cluster: the most replicas a store can have. */
  memberCount: number;
  /** The realm new stores are pinned to (a realm of a cluster); undefined when not pinned. */
  pinnedRealm: string | undefined;
}

/** Whether a store belongs to the scope's list. */
export function scopeHolds(scope: ResolvedScope, store: EngineStore): boolean {
  if (scope.owner === "cluster") return store.pinnedRealm === null;
  // A standalone realm holds all its stores; a clustered one those pinned to it.
  return !scope.clustered || store.pinnedRealm === scope.ownerName;
}

/**
 * Resolves route owners against the realm cache; waits only once, on a cold start, for the
 * first poll of every host (before it, every realm would look unknown or down).
 */
export class ScopeResolver {
  constructor(
    private readonly clusters: ClusterService,
    private readonly poller: RealmPoller,
    private readonly coldStartWaitMs: number,
  ) {}

  async resolve(owner: StoreRouteOwner, name: string): Promise<ResolvedScope> {
    await this.poller.warmUp(this.coldStartWaitMs);
    return owner === "cluster" ? this.cluster(name) : this.realm(name);
  }

  private cluster(name: string): ResolvedScope {
    const state = this.clusters.states().find((c) => c.name === name);
    if (!state) throw new ApiError("NOT_FOUND", `No cluster named "${name}"`);
    const up = state.members.filter((m) => m.state !== "offline").map((m) => m.realm);
    const realms = state.master ? [state.master, ...up.filter((r) => r !== state.master)] : up;
    return {
      key: `cluster/${name}`,
      owner: "cluster",
      ownerName: name,
      where: `cluster "${name}"`,
      scope: "cluster",
      cluster: name,
      clustered: true,
      realms,
      memberCount: state.members.length,
      pinnedRealm: undefined,
    };
  }

  private realm(name: string): ResolvedScope {
    const view = this.poller.findRealm(name);
    if (!view) throw new ApiError("NOT_FOUND", `No realm named "${name}"`);
    const clusterName = view.definition.cluster?.name;
    // Any member up can answer for a pinned store's metadata; the realm itself comes first.
    const others = clusterName
      ? (this.clusters.states().find((c) => c.name === clusterName)?.members ?? [])
          .filter((m) => m.realm !== name && m.state !== "offline")
          .map((m) => m.realm)
      : [];
    return {
      key: `realm/${name}`,
      owner: "realm",
      ownerName: name,
      where: `realm "${name}"`,
      scope: "local",
      cluster: clusterName ?? null,
      clustered: clusterName !== undefined,
      realms: [name, ...others],
      memberCount: 1,
      pinnedRealm: clusterName !== undefined ? name : undefined,
    };
  }
}
