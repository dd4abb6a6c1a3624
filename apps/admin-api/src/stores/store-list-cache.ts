import type { StoreRouteOwner } from "@em/contracts";
import type { EngineStore } from "./stream-mapping.js";

/** @default 60000 — a scope is refreshed in the background while it was read this recently. */
export const ACTIVE_WINDOW_MS = 60_000;

/** @default 600000 — a scope nobody read for this long is forgotten. */
const FORGET_AFTER_MS = 600_000;

/**
 * @default 4 — a scope whose listing takes D ms is refreshed at most every 4·D ms: listing
 * thousands of streams makes every stream leader answer, and the cluster has real work to do.
 */
const REFRESH_COST_FACTOR = 4;

/** @default 250 — two samples closer than this give no honest rate: the older one is kept. */
const MIN_RATE_INTERVAL_MS = 250;

/** The cached stores of one scope. */
export interface StoreListSnapshot {
  stores: EngineStore[];
  /** Events per second per store name; null until two samples exist. */
  rates: ReadonlyMap<string, number | null>;
  updatedAt: Date;
  /** The last refresh failed: this is an older answer. */
  stale: boolean;
}

interface Entry {
  owner: StoreRouteOwner;
  name: string;
  snapshot: StoreListSnapshot | undefined;
  /** The last sample rates are computed against. */
  baseline: { at: number; lastEids: Map<string, number> } | undefined;
  lastReadAt: number;
  /** When the last fetch ended and how long it took, to pace background refreshes. */
  lastFetch: { endedAt: number; durationMs: number } | undefined;
  /**
   * The generation a read needs, bumped by every change made through the API, and the one the
   * snapshot has: a read behind fetches first (and serves the older snapshot, stale, only if
   * that fetch fails).
   */
  wanted: number;
  fresh: number;
  running: Promise<void> | undefined;
}

/** Lists a scope's stores from the realms (one paged listing). */
export type StoreFetcher = (owner: StoreRouteOwner, name: string) => Promise<EngineStore[]>;

/**
 * Store lists per scope, answered from memory: thousands of stores cost one paged listing per
 * poll interval, not a round trip per store or per request. A scope is refreshed in the
 * background while someone reads it; its first read waits for one fetch; a change made through
 * the API invalidates it so the next read shows the change.
 */
export class StoreListCache {
  private readonly entries = new Map<string, Entry>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly fetch: StoreFetcher,
    pollIntervalMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.timer = setInterval(() => this.refreshActive(), pollIntervalMs);
    this.timer.unref();
  }

  async read(owner: StoreRouteOwner, name: string): Promise<StoreListSnapshot> {
    const key = `${owner}/${name}`;
    let entry = this.entries.get(key);
    if (!entry) {
      entry = {
        owner,
        name,
        snapshot: undefined,
        baseline: undefined,
        lastReadAt: 0,
        lastFetch: undefined,
        wanted: 1,
        fresh: 0,
        running: undefined,
      };
      this.entries.set(key, entry);
    }
    entry.lastReadAt = this.now();
    if (entry.fresh < entry.wanted) {
      try {
        await this.refresh(entry);
      } catch (error) {
        // Without any earlier answer there is nothing to serve: the caller sees why.
        if (!entry.snapshot) throw error;
      }
    }
    if (!entry.snapshot) throw new Error(`no store list for ${key}`);
    return entry.snapshot;
  }

  /** The latest snapshot of a scope, without fetching; undefined if it was never read. */
  peek(owner: StoreRouteOwner, name: string): StoreListSnapshot | undefined {
    return this.entries.get(`${owner}/${name}`)?.snapshot;
  }

  /** The scope changed through the API: its next read fetches again. */
  invalidate(owner: StoreRouteOwner, name: string): void {
    const entry = this.entries.get(`${owner}/${name}`);
    if (entry) entry.wanted = Math.max(entry.wanted, entry.fresh) + 1;
  }

  close(): void {
    clearInterval(this.timer);
    this.entries.clear();
  }

  private refreshActive(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (now - entry.lastReadAt > FORGET_AFTER_MS) this.entries.delete(key);
      else if (now - entry.lastReadAt <= ACTIVE_WINDOW_MS && !entry.running && this.due(entry, now))
        // A failure is kept as `stale` on the snapshot; the next round tries again.
        this.refresh(entry).catch(() => undefined);
    }
  }

  private due(entry: Entry, now: number): boolean {
    const last = entry.lastFetch;
    return !last || now >= last.endedAt + REFRESH_COST_FACTOR * last.durationMs;
  }

  /** One fetch at a time per scope; a read waiting for a newer state chains after it. */
  private async refresh(entry: Entry): Promise<void> {
    const target = entry.wanted;
    while (entry.running) {
      await entry.running.catch(() => undefined);
      if (entry.fresh >= target) return;
    }
    const run = this.fetchInto(entry, target);
    entry.running = run;
    try {
      await run;
    } finally {
      if (entry.running === run) entry.running = undefined;
    }
  }

  private async fetchInto(entry: Entry, generation: number): Promise<void> {
    const startedAt = this.now();
    try {
      const stores = await this.fetch(entry.owner, entry.name);
      const at = this.now();
      entry.lastFetch = { endedAt: at, durationMs: at - startedAt };
      entry.snapshot = {
        stores,
        rates: this.rates(entry, stores, at),
        updatedAt: new Date(at),
        stale: false,
      };
      entry.fresh = Math.max(entry.fresh, generation);
    } catch (error) {
      // A failure that took its full timeout paces the retries the same way.
      const at = this.now();
      entry.lastFetch = { endedAt: at, durationMs: at - startedAt };
      if (entry.snapshot) entry.snapshot = { ...entry.snapshot, stale: true };
      throw error;
    }
  }

  private rates(entry: Entry, stores: EngineStore[], at: number): Map<string, number | null> {
    const previous = entry.snapshot?.rates;
    const baseline = entry.baseline;
    if (baseline && at - baseline.at < MIN_RATE_INTERVAL_MS) {
      return new Map(stores.map((s) => [s.name, previous?.get(s.name) ?? null]));
    }
    const rates = new Map<string, number | null>();
    for (const store of stores) {
      const before = baseline?.lastEids.get(store.name);
      // A last EID that went down belongs to a store deleted and made again: no honest rate.
      rates.set(
        store.name,
        baseline && before !== undefined && store.lastEid >= before
          ? ((store.lastEid - before) * 1000) / (at - baseline.at)
          : null,
      );
    }
    entry.baseline = { at, lastEids: new Map(stores.map((s) => [s.name, s.lastEid])) };
    return rates;
  }
}
