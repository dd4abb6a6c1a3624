import {
  ApiError,
  REPLICAS_MAX,
  storeTypeRefusal,
  type CreateStore,
  type StoreDetail,
  type StoreKind,
  type StoreList,
  type StoreRouteOwner,
  type UpdateStore,
} from "@em/contracts";
import type { ClusterService } from "../cluster-service.js";
import type { HostStore } from "../host-store.js";
import type { RealmPoller } from "../realm-poller.js";
import { ENGINE_CODES, engineCode } from "./engine-errors.js";
import { RealmConnectionPool } from "./realm-connections.js";
import { ScopeCaller } from "./scope-caller.js";
import * as adapter from "./store-adapter.js";
import { StoreListCache } from "./store-list-cache.js";
import { ScopeResolver, scopeHolds, type ResolvedScope } from "./store-scope.js";
import {
  assertRouteFits,
  fieldError,
  storeDetail,
  storeSummary,
  whereStoreLives,
} from "./store-views.js";
import type { EngineStore } from "./stream-mapping.js";

/** @default 5000 — how long a create waits for the engine to count up members as placeable. */
const PLACEMENT_WAIT_MS = 5_000;

export interface StoreServiceOptions {
  clusters: ClusterService;
  poller: RealmPoller;
  hosts: HostStore;
  /** How often read scopes are re-listed in the background. */
  pollIntervalMs: number;
  /** The one bounded wait allowed on a cold start, before any host was polled. */
  coldStartWaitMs: number;
}

/** A collection route: a cluster's or a realm's channels or queues. */
export interface CollectionRef {
  owner: StoreRouteOwner;
  /** The cluster's or the realm's name. */
  ownerName: string;
  kind: StoreKind;
}

/** An item route: one channel or queue of a collection, by UM name. */
export interface StoreRef extends CollectionRef {
  name: string;
}

/** A store located for an item route: where it is and what it is. */
export interface LocatedStore {
  scope: ResolvedScope;
  store: EngineStore;
}

/**
 * Channels and queues of clusters and realms: lists from the cache, everything else straight
 * from the realms through one long-lived connection per realm.
 */
export class StoreService {
  readonly caller: ScopeCaller;
  private readonly pool: RealmConnectionPool;
  private readonly resolver: ScopeResolver;
  private readonly cache: StoreListCache;

  constructor(options: StoreServiceOptions) {
    this.pool = new RealmConnectionPool(options.poller, options.hosts);
    this.caller = new ScopeCaller(this.pool);
    this.resolver = new ScopeResolver(options.clusters, options.poller, options.coldStartWaitMs);
    this.cache = new StoreListCache(async (owner, name) => {
      const scope = await this.resolver.resolve(owner, name);
      return this.caller.call(scope, async (target) =>
        (await adapter.listStores(target))
          .filter((store) => scopeHolds(scope, store))
          // Sorted once per fetch, so every list request only filters and slices.
          .sort((a, b) => a.name.localeCompare(b.name)),
      );
    }, options.pollIntervalMs);
  }

  async list(
    { owner, ownerName, kind }: CollectionRef,
    query: { prefix?: string | undefined; offset: number; limit: number },
  ): Promise<StoreList> {
    const scope = await this.resolver.resolve(owner, ownerName);
    const snapshot = await this.cache.read(owner, ownerName);
    const matching = snapshot.stores.filter(
      (s) => s.kind === kind && (!query.prefix || s.name.startsWith(query.prefix)),
    );
    return {
      stores: matching
        .slice(query.offset, query.offset + query.limit)
        .map((s) => storeSummary(scope, s, snapshot.rates.get(s.name) ?? null)),
      total: matching.length,
      offset: query.offset,
      limit: query.limit,
      updatedAt: snapshot.updatedAt.toISOString(),
      stale: snapshot.stale,
    };
  }

  async create(
    { owner, ownerName, kind }: CollectionRef,
    input: CreateStore,
  ): Promise<StoreDetail> {
    const scope = await this.resolver.resolve(owner, ownerName);
    const refusal = storeTypeRefusal(scope.scope, input.type);
    if (refusal) throw fieldError("body", "type", refusal);
    const replicas = this.replicasFor(scope, input.replicas);
    const created = await this.caller.call(scope, async (target) => {
      const existing = await adapter.findStore(target, input.name);
      if (existing) throw conflict(scope, existing);
      try {
        return await adapter.createStore(
          target,
          input.name,
          kind,
          { ...input, replicas },
          scope.pinnedRealm,
          // Wait out the engine's lagging view of members only when enough are up for us.
          scope.realms.length >= replicas ? PLACEMENT_WAIT_MS : 0,
        );
      } catch (error) {
        const code = engineCode(error);
        if (code !== ENGINE_CODES.streamNameInUse && code !== ENGINE_CODES.subjectOverlap)
          throw error;
        // Made by someone else a moment ago, or a stream of another tool takes the subject.
        const raced = await adapter.findStore(target, input.name);
        if (raced) throw conflict(scope, raced);
        throw new ApiError(
          "CONFLICT",
          `"${input.name}" cannot be created in ${scope.where}: ${(error as Error).message}`,
        );
      }
    });
    this.cache.invalidate(owner, ownerName);
    return this.detailOf({ scope, store: created });
  }

  async get(ref: StoreRef): Promise<StoreDetail> {
    return this.detailOf(await this.locate(ref));
  }

  async update(ref: StoreRef, change: UpdateStore): Promise<StoreDetail> {
    const located = await this.locate(ref);
    const { scope } = located;
    if (change.replicas !== undefined && scope.scope === "local" && change.replicas !== 1)
      throw fieldError("body", "replicas", "a realm-local store has exactly 1 replica");
    if (change.replicas !== undefined) this.replicasFor(scope, change.replicas);
    const store = await this.caller.call(scope, (target) =>
      adapter.updateStore(target, located.store, change),
    );
    this.changed(ref);
    return this.detailOf({ scope, store });
  }

  async delete(ref: StoreRef): Promise<void> {
    const { scope, store } = await this.locate(ref);
    await this.caller.call(scope, (target) => adapter.deleteStore(target, store));
    this.changed(ref);
  }

  async purge(ref: StoreRef, upToEid: number | undefined): Promise<{ purged: number }> {
    const { scope, store } = await this.locate(ref);
    const purged = await this.caller.call(scope, (target) =>
      adapter.purgeStore(target, store, upToEid),
    );
    this.changed(ref);
    return { purged };
  }

  /** A collection changed through the API (a publish among others): its next list shows it. */
  changed({ owner, ownerName }: CollectionRef): void {
    this.cache.invalidate(owner, ownerName);
  }

  /** The store an item route names, refused with a 404 saying why when it is not there. */
  async locate({ owner, ownerName, kind, name }: StoreRef): Promise<LocatedStore> {
    const scope = await this.resolver.resolve(owner, ownerName);
    const store = await this.caller.call(scope, (target) => adapter.findStore(target, name));
    if (!store) throw new ApiError("NOT_FOUND", `No ${kind} "${name}" in ${scope.where}`);
    assertRouteFits(scope, store, kind, scopeHolds(scope, store));
    return { scope, store };
  }

  /**
   * Like {@link locate}, but when the cluster cannot answer for the store (no quorum, or its
   * leader being elected) the last listed state stands in: events are read by sequence from
   * any replica still up, so a snoop need not wait for the election.
   */
  async locateForReading(ref: StoreRef): Promise<LocatedStore> {
    const { owner, ownerName, kind, name } = ref;
    try {
      return await this.locate(ref);
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== "NO_QUORUM") throw error;
      const cached = this.cache.peek(owner, ownerName)?.stores.find((s) => s.name === name);
      if (!cached || cached.kind !== kind) throw error;
      return { scope: await this.resolver.resolve(owner, ownerName), store: cached };
    }
  }

  async close(): Promise<void> {
    this.cache.close();
    await this.pool.close();
  }

  private async detailOf({ scope, store }: LocatedStore): Promise<StoreDetail> {
    const consumers = await this.caller.call(scope, (target) =>
      adapter.consumerStates(target, store),
    );
    const rate = this.cache.peek(scope.owner, scope.ownerName)?.rates.get(store.name) ?? null;
    return storeDetail(scope, store, consumers, rate);
  }

  /** Cluster stores: every member by default (at most 5), never more than the members. */
  private replicasFor(scope: ResolvedScope, requested: number | undefined): number {
    if (scope.scope === "local") {
      if (requested !== undefined && requested !== 1)
        throw fieldError("body", "replicas", "a realm-local store has exactly 1 replica");
      return 1;
    }
    if (requested !== undefined && requested > scope.memberCount) {
      throw new ApiError(
        "INVALID_STATE",
        `${scope.where} has ${scope.memberCount} member${scope.memberCount === 1 ? "" : "s"}: a store can have at most ${scope.memberCount} replicas, not ${requested}`,
      );
    }
    return requested ?? Math.min(scope.memberCount, REPLICAS_MAX);
  }
}

function conflict(scope: ResolvedScope, existing: EngineStore): ApiError {
  const where = whereStoreLives(scope, existing);
  const local = existing.pinnedRealm ? "realm-local " : "";
  return new ApiError(
    "CONFLICT",
    `A ${local}${existing.kind} named "${existing.name}" already exists in ${where}: names are unique across channels and queues; pick another name`,
  );
}
