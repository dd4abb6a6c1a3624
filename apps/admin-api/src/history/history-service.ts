import { ApiError, type ClusterHistory } from "@em/contracts";
import type { ClusterService } from "../cluster-service.js";
import type { Database } from "../database.js";
import type { Logger } from "../logger.js";
import type { RealmPoller } from "../realm-poller.js";
import type { StoreService } from "../stores/store-service.js";
import { ScopeResolver } from "../stores/store-scope.js";
import { clusterHistory } from "./cluster-history.js";
import { ClusterStoreWatch } from "./cluster-store-watch.js";
import { HistoryStore } from "./history-store.js";
import { realmSamplesToStore } from "./realm-samples.js";

/** @default 3600000 — samples are kept for the charts of the last hour, no longer. */
export const HISTORY_RETENTION_MS = 3_600_000;

/** @default 60000 — how often rows older than the retention are deleted. */
const PRUNE_INTERVAL_MS = 60_000;

export interface HistoryServiceOptions {
  db: Database;
  clusters: ClusterService;
  poller: RealmPoller;
  /** Its connection pool lists the clusters' stores for replica lag and published events. */
  stores: StoreService;
  pollIntervalMs: number;
  /** The one bounded wait allowed on a cold start, before any host was polled. */
  coldStartWaitMs: number;
  logger: Logger;
  /** @default Date.now — injected by tests of the retention. */
  now?: () => number;
}

/**
 * Stored samples for the history charts (issue 6): every poll of a realm leaves one row with
 * its rates, connections and replica lag; each cluster listing one row with the events
 * published since the previous one. Reads aggregate them for a window of up to an hour.
 */
export class HistoryService {
  private readonly store: HistoryStore;
  private readonly watch: ClusterStoreWatch;
  private readonly now: () => number;
  /** Each realm's last stored sample time, so a poll is stored once however often we look. */
  private readonly storedAt = new Map<string, number>();
  private sampleTimer: NodeJS.Timeout | undefined;
  private pruneTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: HistoryServiceOptions) {
    this.now = options.now ?? Date.now;
    this.store = new HistoryStore(options.db);
    this.watch = new ClusterStoreWatch({
      resolver: new ScopeResolver(options.clusters, options.poller, options.coldStartWaitMs),
      caller: options.stores.caller,
      pollIntervalMs: options.pollIntervalMs,
      logger: options.logger,
      now: this.now,
    });
  }

  start(): void {
    // Realms are polled on their own loops, out of step with ours: looking twice per interval
    // catches every poll, and `storedAt` keeps each one to a single row.
    const sampleEveryMs = Math.max(50, Math.floor(this.options.pollIntervalMs / 2));
    this.sampleTimer = setInterval(() => this.sampleRound(), sampleEveryMs);
    this.pruneTimer = setInterval(() => this.prune(), PRUNE_INTERVAL_MS);
    this.pruneTimer.unref();
  }

  /** Stores the samples of realms polled since the last round, in one transaction. */
  sampleRound(): void {
    try {
      const states = this.options.clusters.states();
      this.watch.tick(
        states.map((s) => ({ name: s.name, members: s.members.map((m) => m.realm) })),
      );
      const samples = realmSamplesToStore(this.options.poller.summaries(), this.storedAt, (realm) =>
        this.watch.lagOf(realm),
      );
      const growth = this.watch.takeGrowth();
      if (samples.length === 0 && growth.length === 0) return;
      this.store.record(samples, growth);
      for (const sample of samples) this.storedAt.set(sample.realm, sample.at);
    } catch (error) {
      this.options.logger.error({ err: error }, "history: storing samples failed");
    }
  }

  /** Deletes rows older than the retention; returns how many went. */
  prune(): number {
    try {
      return this.store.pruneOlderThan(this.now() - HISTORY_RETENTION_MS);
    } catch (error) {
      this.options.logger.error({ err: error }, "history: pruning samples failed");
      return 0;
    }
  }

  cluster(name: string, minutes: number): ClusterHistory {
    const state = this.options.clusters.states().find((c) => c.name === name);
    if (!state) throw new ApiError("NOT_FOUND", `No cluster named "${name}"`);
    return clusterHistory(
      this.store,
      name,
      state.members.map((m) => m.realm),
      minutes,
      this.now(),
    );
  }

  async close(): Promise<void> {
    clearInterval(this.sampleTimer);
    clearInterval(this.pruneTimer);
    // A listing still running ends on its own timeout; its answer is dropped.
    this.watch.close();
    return Promise.resolve();
  }
}
