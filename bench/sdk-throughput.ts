// SDK throughput against raw `@nats-io/jetstream` in the same run, on R3 cluster channels of a
// healthy three-realm cluster, both connected to realm1:
// - publish, one await per event: SDK `session.publish` vs raw `js.publish` (goal ≥ 0.9×);
// - the SDK's batched publisher (bounded in-flight window) vs raw one-await (goal ≥ 2×);
// - subscribe, reading a filled channel from EID 1: SDK `subscribe` vs a raw ordered consumer.
// Each pair alternates SDK and raw ROUNDS times on fresh channels; the ratio is of the medians,
// and every round's rate is kept (runs, median, p99, min–max per side).
import { createSession, type Session } from "@em/client";
import type { NatsConnection } from "@nats-io/transport-node";
import type { BenchCluster } from "./sdk-cluster.js";
import { rawOrderedRead, rawPublishOneAwait, rawPublishPipelined } from "./raw-client.js";
import { sdkCredentials } from "./sdk-credentials.js";
import { summarize, type Summary } from "./stats.js";

/** @default 10 — alternations of SDK and raw per figure. */
const ROUNDS = Number(process.env["SDK_BENCH_ROUNDS"] ?? 10);
/** Events per one-await publish measurement (fsync on every realm: a few hundred per second). */
const ONE_AWAIT_EVENTS = 1_000;
/** Events per batched publish measurement. */
const BATCHED_EVENTS = 5_000;
/** In-flight window of the SDK's batched publisher. */
const BATCH_IN_FLIGHT = 256;
/** Events in the channel read by the subscribe measurements. */
const READ_EVENTS = 10_000;

/** About 100 bytes, as a small business event. */
const payload = (n: number) =>
  new TextEncoder().encode(JSON.stringify({ n, item: "widget", qty: 3, note: "x".repeat(50) }));

export interface Throughput {
  /** Events per second, median of the rounds. */
  sdk: number;
  raw: number;
  /** sdk / raw */
  ratio: number;
  rounds: number;
  events: number;
  /** Every round's events per second, per side. */
  sdkRounds: Summary;
  rawRounds: Summary;
}

export interface SdkThroughputFigures {
  publishOneAwait: Throughput;
  /** `sdk` is the batched publisher; `raw` the raw one-await figure of the same rounds. */
  publishBatched: Throughput & { inFlight: number };
  subscribe: Throughput;
}

function pair(sdk: number[], raw: number[], events: number): Throughput {
  const sdkRounds = summarize(sdk);
  const rawRounds = summarize(raw);
  return {
    sdk: sdkRounds.p50,
    raw: rawRounds.p50,
    ratio: sdkRounds.p50 / rawRounds.p50,
    rounds: sdk.length,
    events,
    sdkRounds,
    rawRounds,
  };
}

async function sdkPublishOneAwait(session: Session, channel: string, count: number) {
  const started = performance.now();
  for (let n = 1; n <= count; n++) await session.publish(channel, payload(n));
  return count / ((performance.now() - started) / 1000);
}

async function sdkPublishBatched(session: Session, channel: string, count: number) {
  const publisher = session.publisher(channel, { maxInFlight: BATCH_IN_FLIGHT });
  const started = performance.now();
  for (let n = 1; n <= count; n++) await publisher.publish(payload(n));
  await publisher.flush();
  return count / ((performance.now() - started) / 1000);
}

async function sdkRead(session: Session, channel: string, count: number) {
  const started = performance.now();
  let seen = 0;
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  const subscription = await session.subscribe(
    channel,
    (event) => {
      seen += 1;
      if (event.eid !== seen) throw new Error(`SDK subscription gave EID ${event.eid} as #${seen}`);
      if (seen === count) resolveDone();
    },
    { fromEid: 1 },
  );
  await Promise.race([done, subscription.done]);
  const rate = count / ((performance.now() - started) / 1000);
  await subscription.stop();
  return rate;
}

export async function sdkThroughput(cluster: BenchCluster): Promise<SdkThroughputFigures> {
  const raw: NatsConnection = await cluster.connectRaw("realm1", "bench-raw");
  const session = await createSession({
    rnames: cluster.realms.map((realm) => realm.rname),
    name: "bench-sdk",
    credentials: sdkCredentials(cluster.realms),
  });
  try {
    let channelCount = 0;
    const freshChannel = async () => {
      const name = `/bench/sdk/throughput/c${++channelCount}`;
      await cluster.createChannel(name);
      return name;
    };
    // Warm-up: the first publishes of a connection pay for lookups neither side should carry.
    const warm = await freshChannel();
    await rawPublishOneAwait(raw, warm, 100, payload);
    await sdkPublishOneAwait(session, warm, 100);

    const sdkOne: number[] = [];
    const rawOne: number[] = [];
    const sdkBatched: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      rawOne.push(await rawPublishOneAwait(raw, await freshChannel(), ONE_AWAIT_EVENTS, payload));
      sdkOne.push(await sdkPublishOneAwait(session, await freshChannel(), ONE_AWAIT_EVENTS));
      sdkBatched.push(await sdkPublishBatched(session, await freshChannel(), BATCHED_EVENTS));
    }

    const filled = await freshChannel();
    await rawPublishPipelined(raw, filled, READ_EVENTS, payload);
    const sdkReads: number[] = [];
    const rawReads: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      rawReads.push(await rawOrderedRead(raw, filled, READ_EVENTS));
      sdkReads.push(await sdkRead(session, filled, READ_EVENTS));
    }
    return {
      publishOneAwait: pair(sdkOne, rawOne, ONE_AWAIT_EVENTS),
      publishBatched: {
        ...pair(sdkBatched, rawOne, BATCHED_EVENTS),
        inFlight: BATCH_IN_FLIGHT,
      },
      subscribe: pair(sdkReads, rawReads, READ_EVENTS),
    };
  } finally {
    await session.close().catch(() => undefined);
    await raw.close().catch(() => undefined);
  }
}
