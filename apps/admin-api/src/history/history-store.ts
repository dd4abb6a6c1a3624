import type { RealmSeries } from "@em/contracts";
import type { Database } from "../database.js";

/** One realm's stored sample, as the history service writes it. */
export interface RealmSampleRow {
  realm: string;
  /** When the realm took the sample, epoch ms. */
  at: number;
  /** The realm process's start: its counters count from there. */
  startedAt: string;
  messagesInPerSecond: number;
  messagesOutPerSecond: number;
  /** The realm's message counters at `at`. */
  messagesIn: number;
  messagesOut: number;
  connections: number;
  replicaLag: number | null;
}

/** Events stored in a cluster's channels and queues between two listings. */
export interface ClusterGrowthRow {
  cluster: string;
  at: number;
  since: number;
  published: number;
}

/** How much one realm's counters grew over a window, and the span it was seen in. */
export interface CounterGrowth {
  messagesIn: number;
  messagesOut: number;
  /** First and last sample times in the window; null when there was no sample. */
  firstAt: number | null;
  lastAt: number | null;
}

/** Published events over a window and the span the listings covered. */
export interface PublishedGrowth {
  published: number;
  since: number | null;
  lastAt: number | null;
}

type StoredSample = RealmSeries["samples"][number];

interface BucketRow {
  at: number;
  messagesInPerSecond: number;
  messagesOutPerSecond: number;
  connections: number;
  replicaLag: number | null;
}

/** The history tables (migration 5): prepared once, so a poll round costs one transaction. */
export class HistoryStore {
  private readonly insertSample;
  private readonly insertGrowth;
  private readonly deleteSamples;
  private readonly deleteGrowth;
  private readonly selectBuckets;
  private readonly selectRuns;
  private readonly selectPublished;
  readonly record: (samples: RealmSampleRow[], growth: ClusterGrowthRow[]) => void;

  constructor(db: Database) {
    this.insertSample = db.prepare<RealmSampleRow>(
      `INSERT OR REPLACE INTO realm_samples (realm, at, started_at, messages_in_per_second,
         messages_out_per_second, messages_in, messages_out, connections, replica_lag)
       VALUES (@realm, @at, @startedAt, @messagesInPerSecond, @messagesOutPerSecond,
         @messagesIn, @messagesOut, @connections, @replicaLag)`,
    );
    this.insertGrowth = db.prepare<ClusterGrowthRow>(
      `INSERT OR REPLACE INTO cluster_growth (cluster, at, since, published)
       VALUES (@cluster, @at, @since, @published)`,
    );
    this.deleteSamples = db.prepare<[number]>("DELETE FROM realm_samples WHERE at < ?");
    this.deleteGrowth = db.prepare<[number]>("DELETE FROM cluster_growth WHERE at < ?");
    // Rates are averaged over a bucket (its samples cover equal intervals); connections and lag
    // keep the bucket's peak, so a short spike still shows on a one-hour chart.
    this.selectBuckets = db.prepare<[string, number, number], BucketRow>(
      `SELECT MAX(at) AS at,
              AVG(messages_in_per_second) AS messagesInPerSecond,
              AVG(messages_out_per_second) AS messagesOutPerSecond,
              MAX(connections) AS connections,
              MAX(replica_lag) AS replicaLag
       FROM realm_samples WHERE realm = ? AND at >= ?
       GROUP BY at / CAST(? AS INTEGER) ORDER BY 1`,
    );
    // Counters restart with their process: growth is summed per run of the realm.
    this.selectRuns = db.prepare<
      [string, number],
      { inGrowth: number; outGrowth: number; firstAt: number; lastAt: number }
    >(
      `SELECT MAX(messages_in) - MIN(messages_in) AS inGrowth,
              MAX(messages_out) - MIN(messages_out) AS outGrowth,
              MIN(at) AS firstAt, MAX(at) AS lastAt
       FROM realm_samples WHERE realm = ? AND at >= ? GROUP BY started_at`,
    );
    this.selectPublished = db.prepare<
      [string, number],
      { published: number | null; since: number | null; lastAt: number | null }
    >(
      `SELECT SUM(published) AS published, MIN(since) AS since, MAX(at) AS lastAt
       FROM cluster_growth WHERE cluster = ? AND at >= ?`,
    );
    this.record = db.transaction((samples: RealmSampleRow[], growth: ClusterGrowthRow[]) => {
      for (const sample of samples) this.insertSample.run(sample);
      for (const row of growth) this.insertGrowth.run(row);
    });
  }

  /** Deletes every row taken before `cutoffMs`; returns how many went. */
  pruneOlderThan(cutoffMs: number): number {
    return this.deleteSamples.run(cutoffMs).changes + this.deleteGrowth.run(cutoffMs).changes;
  }

  /** A realm's samples since `fromMs`, one per `bucketMs` at most. */
  series(realm: string, fromMs: number, bucketMs: number): StoredSample[] {
    return this.selectBuckets.all(realm, fromMs, Math.max(1, Math.round(bucketMs))).map((row) => ({
      at: new Date(row.at).toISOString(),
      messagesInPerSecond: row.messagesInPerSecond,
      messagesOutPerSecond: row.messagesOutPerSecond,
      connections: row.connections,
      replicaLag: row.replicaLag,
    }));
  }

  /** How much a realm's message counters grew since `fromMs`, over all its process runs. */
  counterGrowth(realm: string, fromMs: number): CounterGrowth {
    const growth: CounterGrowth = { messagesIn: 0, messagesOut: 0, firstAt: null, lastAt: null };
    for (const run of this.selectRuns.all(realm, fromMs)) {
      growth.messagesIn += run.inGrowth;
      growth.messagesOut += run.outGrowth;
      growth.firstAt = Math.min(growth.firstAt ?? run.firstAt, run.firstAt);
      growth.lastAt = Math.max(growth.lastAt ?? run.lastAt, run.lastAt);
    }
    return growth;
  }

  /** Events stored in a cluster's channels and queues by listings since `fromMs`. */
  published(cluster: string, fromMs: number): PublishedGrowth {
    const row = this.selectPublished.get(cluster, fromMs);
    return {
      published: row?.published ?? 0,
      since: row?.since ?? null,
      lastAt: row?.lastAt ?? null,
    };
  }
}
