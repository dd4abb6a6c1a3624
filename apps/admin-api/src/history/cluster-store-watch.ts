import type { Logger } from "../logger.js";
import type { ScopeCaller } from "../stores/scope-caller.js";
import { listStores } from "../stores/store-adapter.js";
import type { ScopeResolver } from "../stores/store-scope.js";
import type { ClusterGrowthRow } from "./history-store.js";
import {
  lastEidsOf,
  publishedBetween,
  replicaLagByRealm,
  type ListedStore,
} from "./store-growth.js";

/**
 * @default 4 — a cluster whose listing takes D ms is listed again at most every 4·D ms, as the
 * store list cache does: listing thousands of stores makes every store leader answer.
 */
const LISTING_COST_FACTOR = 4;

/**
 * @default 15000 — a replica lag older than this (or than twice its cluster's listing interval,
 * if longer) is unknown rather than shown as current.
 */
export const LAG_FRESH_MS = 15_000;

/** A cluster as the watch needs it. */
export interface WatchedCluster {
  name: string;
  members: readonly string[];
}

interface Entry {
  members: readonly string[];
  /**
   * The last successful listing: its time, the interval it set until the next one, each cluster
   * store's last EID and each member's lag.
   */
  listed:
    | { at: number; intervalMs: number; lastEids: Map<string, number>; lag: Map<string, number> }
    | undefined;
  running: boolean;
  nextAt: number;
}

/**
 * Lists each cluster's stores in the background, one listing at a time per cluster and paced
 * by its cost, to learn the replica lag on each member and how many events were published.
 */
export class ClusterStoreWatch {
  private readonly entries = new Map<string, Entry>();
  private pending: ClusterGrowthRow[] = [];
  private closed = false;

  constructor(
    private readonly options: {
      resolver: ScopeResolver;
      caller: ScopeCaller;
      pollIntervalMs: number;
      logger: Logger;
      now: () => number;
    },
  ) {}

  /** Starts the listings that are due; forgets clusters that are gone. */
  tick(clusters: readonly WatchedCluster[]): void {
    const now = this.options.now();
    const names = new Set(clusters.map((c) => c.name));
    for (const name of this.entries.keys()) if (!names.has(name)) this.entries.delete(name);
    for (const cluster of clusters) {
      let entry = this.entries.get(cluster.name);
      if (!entry) {
        entry = { members: cluster.members, listed: undefined, running: false, nextAt: 0 };
        this.entries.set(cluster.name, entry);
      }
      entry.members = cluster.members;
      if (!this.closed && !entry.running && now >= entry.nextAt)
        void this.list(cluster.name, entry);
    }
  }

  /** The realm's replica lag from its cluster's last listing; null when unknown or too old. */
  lagOf(realm: string): number | null {
    const now = this.options.now();
    for (const entry of this.entries.values()) {
      if (!entry.members.includes(realm) || !entry.listed) continue;
      // A slow cluster is listed less often (paced by cost): its lag holds until the next is due.
      const freshMs = Math.max(LAG_FRESH_MS, 2 * entry.listed.intervalMs);
      if (now - entry.listed.at > freshMs) return null;
      return entry.listed.lag.get(realm) ?? null;
    }
    return null;
  }

  /** Growth rows produced since the last call, for the next write. */
  takeGrowth(): ClusterGrowthRow[] {
    const rows = this.pending;
    this.pending = [];
    return rows;
  }

  close(): void {
    this.closed = true;
  }

  private async list(cluster: string, entry: Entry): Promise<void> {
    const { resolver, caller, pollIntervalMs, logger, now } = this.options;
    entry.running = true;
    const startedAt = now();
    try {
      const scope = await resolver.resolve("cluster", cluster);
      const stores: ListedStore[] = await caller.call(scope, listStores);
      if (this.closed || this.entries.get(cluster) !== entry) return;
      const at = now();
      // The first listing is the baseline: events stored before it are not this window's.
      if (entry.listed) {
        this.pending.push({
          cluster,
          at,
          since: entry.listed.at,
          published: publishedBetween(entry.listed.lastEids, stores),
        });
      }
      const intervalMs = Math.max(pollIntervalMs, LISTING_COST_FACTOR * (at - startedAt));
      entry.listed = {
        at,
        intervalMs,
        lastEids: lastEidsOf(stores),
        lag: replicaLagByRealm(entry.members, stores),
      };
      entry.nextAt = at + intervalMs;
    } catch (error) {
      // No quorum or no member up: the lag ages into unknown; growth is counted at the next
      // listing that succeeds, against the same baseline. A failure is retried next round, not
      // paced by its timeout, so the lag comes back soon after the cluster does.
      entry.nextAt = now() + pollIntervalMs;
      logger.debug({ err: error, cluster }, "history: cluster stores could not be listed");
    } finally {
      entry.running = false;
    }
  }
}
