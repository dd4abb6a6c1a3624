import {
  ApiError,
  type StoreConsumer,
  type StoreDetail,
  type StoreKind,
  type StoreSummary,
} from "@em/contracts";
import type { ResolvedScope } from "./store-scope.js";
import type { EngineStore } from "./stream-mapping.js";

/** A store as the list shows it, in the scope it was asked for. */
export function storeSummary(
  scope: ResolvedScope,
  store: EngineStore,
  ratePerSecond: number | null,
): StoreSummary {
  const local = scope.owner === "realm";
  return {
    name: store.name,
    kind: store.kind,
    scope: scope.scope,
    cluster: local ? null : scope.ownerName,
    realm: local ? (store.pinnedRealm ?? scope.ownerName) : null,
    type: store.type,
    ttlMs: store.ttlMs,
    capacity: store.capacity,
    honourCapacity: store.honourCapacity,
    replicas: store.replicas,
    events: store.events,
    bytes: store.bytes,
    firstEid: store.firstEid,
    lastEid: store.lastEid,
    ratePerSecond,
    consumers: store.consumers,
    replicaHealth: store.replicaHealth,
  };
}

export function storeDetail(
  scope: ResolvedScope,
  store: EngineStore,
  consumers: StoreConsumer[],
  ratePerSecond: number | null,
): StoreDetail {
  return {
    ...storeSummary(scope, store, ratePerSecond),
    consumers: consumers.length,
    createdAt: store.createdAt,
    leader: store.leader,
    replicaStates: store.replicaStates,
    consumerStates: consumers,
  };
}

/** Where a store lives, for messages: `cluster "demo"` or `realm "realm2"`. */
export function whereStoreLives(scope: ResolvedScope, store: EngineStore): string {
  if (store.pinnedRealm) return `realm "${store.pinnedRealm}"`;
  if (scope.cluster) return `cluster "${scope.cluster}"`;
  return scope.where;
}

/**
 * Refuses a store that exists but is not what the route asks for: another kind, or a store of
 * another scope (a cluster route naming a realm-local store, or the other way round).
 */
export function assertRouteFits(
  scope: ResolvedScope,
  store: EngineStore,
  kind: StoreKind,
  holds: boolean,
): void {
  if (store.kind !== kind) {
    throw new ApiError(
      "NOT_FOUND",
      `"${store.name}" is a ${store.kind}, not a ${kind}: use the ${store.kind}s routes`,
    );
  }
  if (!holds) {
    const where = whereStoreLives(scope, store);
    const what = store.pinnedRealm ? `a realm-local ${kind} of ${where}` : `a ${kind} of ${where}`;
    throw new ApiError("NOT_FOUND", `No ${kind} "${store.name}" in ${scope.where}: it is ${what}`);
  }
}

/** A field-level VALIDATION error, the same shape the schemas produce. */
export function fieldError(what: string, path: string, message: string): ApiError {
  return new ApiError("VALIDATION", `Invalid ${what}: ${path}: ${message}`, {
    details: { issues: [{ path, message }] },
  });
}
