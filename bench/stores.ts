// Channels and sessions at scale on a three-realm cluster: 1,000 cluster channels and 10,000
// events, then the live feed's latency at 100 and 1,000 events/s (feed-latency.ts, whose
// connections also leave some 10,000 stored client sessions), then the latency of the admin
// API's lists in that state — GET /api/realms, the channel list (a page of 200, and a prefix
// filter), a snoop page of 50 events and GET /api/sessions (a page of 200) — against baselines
// from the same run: the same lists while the cluster had 10 channels and almost no sessions.
// The 1,000 channels are created directly through JetStream (as the admin API would define
// them, same stream names, subjects and metadata) in parallel batches: through the API one at a
// time would make the setup, not the measurement, the long part.
import type { NatsConnection } from "@nats-io/transport-node";
import { jetstreamManager, jetstream, type StreamConfig } from "@nats-io/jetstream";
import {
  API_ROUTES,
  STORE_METADATA,
  StoreEventPageSchema,
  SessionListSchema,
  StoreListSchema,
  apiPath,
  streamNameFor,
  subjectFor,
} from "@em/contracts";
import { eventually } from "@em/testkit";
import { feedRun, type FeedRun } from "./feed-latency.js";
import { startBenchCluster } from "./sdk-cluster.js";
import { summarize, type Summary } from "./stats.js";

/** Channels made directly through JetStream. */
const CHANNELS = 1_000;
/** Channels made through the admin API first: the small-list baseline. */
const BASELINE_CHANNELS = 10;
/** Events published in all, spread evenly over the first EVENT_CHANNELS channels. */
const EVENTS = 10_000;
const EVENT_CHANNELS = 100;
/** Folders of /bench/gN/: the prefix filter picks one, CHANNELS / GROUPS channels. */
const GROUPS = 10;
/** Stream creations in flight at once. */
const CREATE_BATCH = 50;
/** Publishes in flight at once. */
const PUBLISH_BATCH = 500;
const SAMPLES = 200;
const WARM_UP = 20;
/** Give up on three replicas past this, and make the channels with one (said in the output). */
const R3_CREATE_BUDGET_MS = 180_000;
/** The live feed's runs: events per second and seconds; connections go to FEED_REALM. */
const FEED_RUNS = [
  { perSecond: 100, seconds: 10, prefix: "feed-100-" },
  { perSecond: 1_000, seconds: 20, prefix: "feed-1k-" },
] as const;
const FEED_REALM = "realm3";

export interface StoreBench {
  /** Every channel of the cluster: those made through JetStream and the baseline ones. */
  channels: number;
  /** Made through the admin API, one at a time, before the others: the small-list baseline. */
  baselineChannels: number;
  events: number;
  /** Replicas of the 1,000 channels: 3 unless creating them with 3 was too slow. */
  replicas: number;
  createSeconds: number;
  publishSeconds: number;
  /** From the last channel created until the list shows every channel (cached state). */
  listCatchUpSeconds: number;
  /** Baselines, with 10 channels and `sessionsBaselineTotal` sessions stored. */
  realmsList: Summary;
  listBaseline: Summary;
  sessionsBaseline: Summary;
  sessionsBaselineTotal: number;
  /** The live feed at 100 and 1,000 events/s (see feed-latency.ts), on `feedRealm`. */
  feed: FeedRun[];
  feedRealm: string;
  /** Client sessions stored when the lists below were measured. */
  sessionsTotal: number;
  realmsListFull: Summary;
  sessions: Summary;
  list: Summary;
  listPrefix: Summary;
  snoop: Summary;
  apiCreate: Summary;
  ratios: {
    listVsBaseline: number;
    prefixVsBaseline: number;
    snoopVsRealms: number;
    realmsVsBaseline: number;
    sessionsVsBaseline: number;
  };
}

const channelName = (index: number) =>
  `/bench/g${index % GROUPS}/ch${String(index).padStart(4, "0")}`;

/** A persistent cluster channel, as the admin API's stream mapping defines it. */
function channelConfig(name: string, replicas: number): Partial<StreamConfig> & { name: string } {
  return {
    name: streamNameFor(name),
    subjects: [subjectFor(name)],
    storage: "file",
    retention: "limits",
    num_replicas: replicas,
    max_age: 0,
    max_msgs: -1,
    discard: "old",
    allow_direct: true,
    metadata: {
      [STORE_METADATA.name]: name,
      [STORE_METADATA.kind]: "channel",
      [STORE_METADATA.type]: "persistent",
      [STORE_METADATA.honourCapacity]: "false",
    },
  };
}

async function measure(get: () => Promise<Response>): Promise<Summary> {
  const once = async () => {
    const started = performance.now();
    const response = await get();
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${response.url}: ${response.status}`);
    return performance.now() - started;
  };
  for (let i = 0; i < WARM_UP; i++) await once();
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) times.push(await once());
  return summarize(times);
}

/**
 * Creates `names` in batches; with a deadline, stops at it and answers false (the caller then
 * deletes what was made and starts again with one replica).
 */
async function createChannels(
  connection: NatsConnection,
  names: string[],
  replicas: number,
  deadline: number,
): Promise<boolean> {
  const jsm = await jetstreamManager(connection, { timeout: 30_000 });
  for (let start = 0; start < names.length; start += CREATE_BATCH) {
    if (Date.now() > deadline) return false;
    await Promise.all(
      names
        .slice(start, start + CREATE_BATCH)
        .map((name) => jsm.streams.add(channelConfig(name, replicas))),
    );
  }
  return true;
}

async function deleteChannels(connection: NatsConnection, names: string[]): Promise<void> {
  const jsm = await jetstreamManager(connection, { timeout: 30_000 });
  for (let start = 0; start < names.length; start += CREATE_BATCH) {
    await Promise.all(
      names
        .slice(start, start + CREATE_BATCH)
        .map((name) => jsm.streams.delete(streamNameFor(name)).catch(() => false)),
    );
  }
}

export async function storeLatency(): Promise<StoreBench> {
  // Its own cluster (not the SDK bench's): 1,000 channels would weigh on that bench's figures.
  await using cluster = await startBenchCluster();
  const { session } = cluster;
  const CLUSTER = cluster.name;
  let connection: NatsConnection | undefined;
  try {
    const channels = apiPath(API_ROUTES.clusterChannelList.path, { name: CLUSTER });
    const events = (name: string) =>
      apiPath(API_ROUTES.clusterChannelEvents.path, { name: CLUSTER, channel: name });
    const listed = async (query: string) =>
      StoreListSchema.parse(await (await session.get(`${channels}?${query}`)).json());

    // Baselines: the realm list, and the channel list while the cluster has 10 channels.
    const apiCreateTimes: number[] = [];
    for (let i = 0; i < BASELINE_CHANNELS; i++) {
      const started = performance.now();
      const response = await session.post(channels, { name: `/base/ch${i}` });
      if (response.status !== 201)
        throw new Error(`create /base/ch${i}: ${response.status} ${await response.text()}`);
      apiCreateTimes.push(performance.now() - started);
    }
    await eventually("10 channels listed", async () => (await listed("limit=200")).total === 10);
    const realmsList = await measure(() => session.get("/api/realms"));
    const listBaseline = await measure(() => session.get(`${channels}?limit=200`));
    const sessionsPath = `${API_ROUTES.listSessions.path}?limit=200`;
    const sessionsTotal = async () =>
      SessionListSchema.parse(await (await session.get(sessionsPath)).json()).total;
    const sessionsBaselineTotal = await sessionsTotal();
    const sessionsBaseline = await measure(() => session.get(sessionsPath));

    connection = await cluster.connectRaw("realm1", "bench-stores");
    const names = Array.from({ length: CHANNELS }, (_, index) => channelName(index));
    let replicas = 3;
    let started = performance.now();
    if (!(await createChannels(connection, names, 3, Date.now() + R3_CREATE_BUDGET_MS))) {
      console.warn(
        `creating ${CHANNELS} R3 channels took over ${R3_CREATE_BUDGET_MS} ms: using R1`,
      );
      await deleteChannels(connection, names);
      replicas = 1;
      started = performance.now();
      await createChannels(connection, names, 1, Number.POSITIVE_INFINITY);
    }
    const createSeconds = (performance.now() - started) / 1000;

    started = performance.now();
    const total = CHANNELS + BASELINE_CHANNELS;
    await eventually(
      `all ${total} channels listed`,
      async () => (await listed("limit=1")).total === total,
      180_000,
    );
    const listCatchUpSeconds = (performance.now() - started) / 1000;

    const js = jetstream(connection, { timeout: 30_000 });
    const data = new TextEncoder().encode(JSON.stringify({ order: 0, item: "widget", qty: 3 }));
    started = performance.now();
    for (let start = 0; start < EVENTS; start += PUBLISH_BATCH) {
      await Promise.all(
        Array.from({ length: Math.min(PUBLISH_BATCH, EVENTS - start) }, (_, i) =>
          js.publish(subjectFor(names[(start + i) % EVENT_CHANNELS] as string), data),
        ),
      );
    }
    const publishSeconds = (performance.now() - started) / 1000;
    const perChannel = EVENTS / EVENT_CHANNELS;
    await eventually(
      "the events counted in the list",
      async () => {
        const { stores } = await listed(`prefix=${encodeURIComponent(channelName(0))}&limit=1`);
        return stores[0]?.events === perChannel;
      },
      60_000,
    );

    const feed: FeedRun[] = [];
    for (const run of FEED_RUNS) {
      const figures = await feedRun(cluster, FEED_REALM, run.perSecond, run.seconds, run.prefix);
      feed.push(figures);
      console.log(
        `[bench] feed at ${run.perSecond}/s: ${figures.achievedPerSecond.toFixed(0)}/s made, ` +
          `${figures.delivered.opened + figures.delivered.closed} of ${figures.made.opened + figures.made.closed} delivered, ` +
          `latency p50 ${figures.latency.p50.toFixed(0)} ms, p99 ${figures.latency.p99.toFixed(0)} ms`,
      );
    }
    // Every connection of the feed runs stored as a session before the lists are measured.
    const feedSessions = feed.reduce((sum, run) => sum + run.made.opened, 0);
    await eventually(
      "the feed's sessions stored",
      async () => (await sessionsTotal()) >= Math.min(feedSessions, 10_000),
      60_000,
    );
    const storedSessions = await sessionsTotal();

    const realmsListFull = await measure(() => session.get("/api/realms"));
    const sessions = await measure(() => session.get(sessionsPath));
    const list = await measure(() => session.get(`${channels}?limit=200`));
    const prefix = encodeURIComponent("/bench/g3/");
    const prefixPage = await listed(`prefix=${prefix}&limit=200`);
    if (prefixPage.total !== CHANNELS / GROUPS)
      throw new Error(`prefix /bench/g3/ matched ${prefixPage.total}, not ${CHANNELS / GROUPS}`);
    const listPrefix = await measure(() => session.get(`${channels}?prefix=${prefix}&limit=200`));
    let snoops = 0;
    const snoopPage = StoreEventPageSchema.parse(
      await (await session.get(`${events(channelName(0))}?limit=50`)).json(),
    );
    if (snoopPage.events.length !== 50 || snoopPage.lastEid !== perChannel)
      throw new Error(
        `snoop answered ${snoopPage.events.length} events up to ${snoopPage.lastEid}`,
      );
    // Snoop rotates over the channels holding events, as operators open one after another.
    const snoop = await measure(() =>
      session.get(`${events(channelName(snoops++ % EVENT_CHANNELS))}?limit=50`),
    );

    return {
      channels: total,
      baselineChannels: BASELINE_CHANNELS,
      events: EVENTS,
      replicas,
      createSeconds,
      publishSeconds,
      listCatchUpSeconds,
      realmsList,
      listBaseline,
      sessionsBaseline,
      sessionsBaselineTotal,
      feed,
      feedRealm: FEED_REALM,
      sessionsTotal: storedSessions,
      realmsListFull,
      sessions,
      list,
      listPrefix,
      snoop,
      apiCreate: summarize(apiCreateTimes),
      ratios: {
        listVsBaseline: list.p50 / listBaseline.p50,
        prefixVsBaseline: listPrefix.p50 / listBaseline.p50,
        snoopVsRealms: snoop.p50 / realmsList.p50,
        realmsVsBaseline: realmsListFull.p50 / realmsList.p50,
        sessionsVsBaseline: sessions.p50 / sessionsBaseline.p50,
      },
    };
  } finally {
    await connection?.close().catch(() => undefined);
  }
}
