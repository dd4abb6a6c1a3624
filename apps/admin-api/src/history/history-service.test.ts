import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { pino } from "pino";
import type { RealmSummary } from "@em/contracts";
import { tempDir, type TempDir } from "@em/testkit";
import type { ClusterService } from "../cluster-service.js";
import type { ClusterState } from "../cluster-state.js";
import { openDatabase, type Database } from "../database.js";
import type { RealmPoller } from "../realm-poller.js";
import type { StoreService } from "../stores/store-service.js";
import { HISTORY_RETENTION_MS, HistoryService } from "./history-service.js";
import type { ListedStore } from "./store-growth.js";

const T0 = Date.parse("2026-01-01T00:00:00.000Z");
const STARTED_AT = "2025-12-31T23:00:00.000Z";

/** A realm answering its poll at `atMs` with counters `inMsgs` / `outMsgs`. */
function realm(name: string, atMs: number, counters: { in: number; out: number }): RealmSummary {
  return {
    name,
    hostId: "h1",
    hostName: "host",
    status: "online",
    processState: "running",
    version: "2.10.27",
    startedAt: STARTED_AT,
    uptimeSeconds: 1,
    interfaces: [],
    rnames: [],
    metrics: {
      connections: 2,
      totalConnections: 2,
      messagesIn: { total: counters.in, perSecond: 10 },
      messagesOut: { total: counters.out, perSecond: 20 },
      bytesIn: { total: 0, perSecond: 0 },
      bytesOut: { total: 0, perSecond: 0 },
      memoryBytes: 0,
      cpuPercent: 0,
      storageBytes: 0,
    },
    lastSeen: new Date(atMs).toISOString(),
    stale: false,
    problem: null,
  };
}

function channel(lastEid: number, lag: number): ListedStore {
  return {
    name: "/sales",
    events: lastEid,
    lastEid,
    pinnedRealm: null,
    replicaStates: [
      { realm: "realm1", leader: true, current: true, lag: 0, lastSeenMs: null, offline: false },
      { realm: "realm2", leader: false, current: true, lag, lastSeenMs: null, offline: false },
    ],
  };
}

/** Lets a listing started by a round finish (it awaits its stubbed answer). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("history service", () => {
  let dir: TempDir;
  let db: Database;
  let nowMs: number;
  let summaries: RealmSummary[];
  let listing: ListedStore[];
  let history: HistoryService;

  beforeEach(async () => {
    dir = await tempDir("history-service");
    db = openDatabase(dir.path);
    nowMs = T0;
    summaries = [];
    listing = [];
    const cluster = {
      name: "demo",
      master: "realm1",
      members: [
        { realm: "realm1", state: "master" },
        { realm: "realm2", state: "member" },
      ],
    } as unknown as ClusterState;
    history = new HistoryService({
      db,
      clusters: { states: () => [cluster] } as unknown as ClusterService,
      poller: {
        summaries: () => summaries,
        warmUp: () => Promise.resolve(),
      } as unknown as RealmPoller,
      stores: {
        caller: { call: () => Promise.resolve(listing) },
      } as unknown as StoreService,
      pollIntervalMs: 1000,
      coldStartWaitMs: 0,
      logger: pino({ level: "silent" }),
      now: () => nowMs,
    });
  });

  afterEach(async () => {
    await history.close();
    db.close();
    await dir[Symbol.asyncDispose]();
  });

  /** One poll of both realms at `nowMs`, after a cluster listing answered `stores`. */
  async function pollRound(stores: ListedStore[], counters: { in: number; out: number }) {
    listing = stores;
    history.sampleRound(); // starts the listing
    await settle();
    summaries = [realm("realm1", nowMs, counters), realm("realm2", nowMs, counters)];
    history.sampleRound(); // stores the samples, with the lag just listed
  }

  it("stores one sample per realm per poll, with the replica lag its stores' leaders report", async () => {
    await pollRound([channel(100, 0)], { in: 1000, out: 5000 });
    history.sampleRound(); // the same poll seen again stores nothing more
    nowMs += 1000;
    await pollRound([channel(130, 7)], { in: 1030, out: 5100 });

    const result = history.cluster("demo", 1);
    expect(result.realms.map((r) => r.realm)).toEqual(["realm1", "realm2"]);
    const [realm1, realm2] = result.realms;
    expect(realm1?.samples).toHaveLength(2);
    expect(realm1?.samples[0]).toEqual({
      at: new Date(T0).toISOString(),
      messagesInPerSecond: 10,
      messagesOutPerSecond: 20,
      connections: 2,
      replicaLag: 0,
    });
    expect(realm2?.samples.map((s) => s.replicaLag)).toEqual([0, 7]);
    // The first listing is the baseline; the second saw EIDs 101–130 stored.
    expect(result.summary).toEqual({
      published: 30,
      consumed: 200,
      publishedPerSecond: 30,
      consumedPerSecond: 200,
    });
    // Over an hour, samples are bucketed: rates averaged, the lag's peak kept.
    const hour = history.cluster("demo", 60);
    expect(hour.realms[1]?.samples).toEqual([
      expect.objectContaining({ at: new Date(nowMs).toISOString(), replicaLag: 7 }),
    ]);
    expect(hour.summary.published).toBe(30);
  });

  it("counts a store made again from scratch by the events it holds, not a negative growth", async () => {
    await pollRound([channel(100, 0)], { in: 0, out: 0 });
    nowMs += 1000;
    await pollRound([channel(4, 0)], { in: 0, out: 0 });
    expect(history.cluster("demo", 60).summary.published).toBe(4);
  });

  it("prune - deletes samples older than an hour and keeps the rest", async () => {
    await pollRound([channel(1, 0)], { in: 0, out: 0 });
    nowMs += HISTORY_RETENTION_MS / 2;
    await pollRound([channel(2, 0)], { in: 0, out: 0 });

    nowMs = T0 + HISTORY_RETENTION_MS + 1;
    expect(history.prune()).toBe(2); // the first round's sample of each realm
    const remaining = db
      .prepare<[], { at: number }>("SELECT at FROM realm_samples ORDER BY realm")
      .all();
    expect(remaining.map((r) => r.at)).toEqual([
      T0 + HISTORY_RETENTION_MS / 2,
      T0 + HISTORY_RETENTION_MS / 2,
    ]);

    nowMs = T0 + 2 * HISTORY_RETENTION_MS + 1;
    expect(history.prune()).toBe(3); // the two samples and the cluster's growth row
    expect(history.cluster("demo", 60).realms.every((r) => r.samples.length === 0)).toBe(true);
  });

  it("refuses an unknown cluster with a 404 naming it", () => {
    expect(() => history.cluster("nope", 60)).toThrow(/No cluster named "nope"/);
  });
});
