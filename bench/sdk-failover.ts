// What an SDK publisher and an SDK subscriber feel when their realm is SIGKILLed, in three cases:
// the realm led nothing, led the channel's stream, or led the meta group (the master). Both
// sessions list the victim first, so both are on it when it dies. Per kill:
// - publisher stall: the longest gap between two consecutive acknowledgements (one publish in
//   flight, one every PUBLISH_PACE_MS) from the last acknowledgement before the kill;
// - subscriber stall: the longest an event waited for the subscriber because of the failover —
//   from its acknowledgement, or from the kill for events acknowledged before it.
// Leaders come from the admin API (channel detail `leader`, cluster `master`). The victim is
// started again and the cluster healthy before the next kill. Bounded by STALL_BUDGET_MS.
import { createSession, type Session } from "@em/client";
import { streamNameFor } from "@em/contracts";
import type { NatsConnection } from "@nats-io/transport-node";
import { REALMS, type BenchCluster } from "./sdk-cluster.js";
import { sdkCredentials } from "./sdk-credentials.js";
import { summarize, type Summary } from "./stats.js";

export type KillCase = "led nothing" | "led the stream" | "led the meta group";
const CASES: KillCase[] = ["led nothing", "led the stream", "led the meta group"];

/** @default 10 — kills per case. */
const KILLS = Number(process.env["SDK_BENCH_KILLS"] ?? 10);
/** @default 480000 — the whole stall measurement stops starting kills past this. */
const STALL_BUDGET_MS = Number(process.env["SDK_BENCH_BUDGET_MS"] ?? 480_000);
/** @default 20 — one publish every 20 ms: the resolution of the publisher's stall. */
const PUBLISH_PACE_MS = 20;
/** Publishing before the kill, so both sessions are in their stride. */
const BEFORE_KILL_MS = 600;
/** Publishing after both sessions have recovered. */
const AFTER_RECOVERY_MS = 600;
/** A kill whose sessions have not recovered by then is recorded as this long and ended. */
const RECOVERY_LIMIT_MS = 30_000;

const CHANNEL = "/bench/sdk/failover";

export interface KillStalls {
  publisher: Summary;
  subscriber: Summary;
  /** `stallMs` of the sessions' own `reconnected` status, publisher and subscriber together. */
  reported: Summary;
  /** Kills whose sessions had not recovered within RECOVERY_LIMIT_MS (counted at that limit). */
  unrecovered: number;
  /** Events lost or duplicated as the subscriber saw them (should be 0). */
  anomalies: number;
}

export interface SdkFailoverFigures {
  cases: Record<KillCase, KillStalls>;
  killsPerCase: number;
  paceMs: number;
  /** True when the time budget ended the measurement before every kill was made. */
  cutShort: boolean;
}

interface Round {
  publisherStallMs: number;
  subscriberStallMs: number;
  reportedStallsMs: number[];
  recovered: boolean;
  anomalies: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Moves the stream's leadership away from its current leader (and waits for a new one). */
async function stepDownStream(connection: NatsConnection): Promise<void> {
  await connection
    .request(`$JS.API.STREAM.LEADER.STEPDOWN.${streamNameFor(CHANNEL)}`, undefined, {
      timeout: 5_000,
    })
    .catch(() => undefined);
}

/** The victim for a case, moving the stream's leadership off the master when they coincide. */
async function chooseVictim(
  cluster: BenchCluster,
  killCase: KillCase,
  control: NatsConnection,
): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const { master, leader } = await cluster.healthy(CHANNEL);
    if (killCase === "led nothing")
      return REALMS.find((realm) => realm !== master && realm !== leader) as string;
    if (master !== leader) return killCase === "led the stream" ? leader : master;
    await stepDownStream(control);
    await sleep(500);
  }
  throw new Error(`could not separate the stream leader from the master for '${killCase}'`);
}

async function killRound(cluster: BenchCluster, victim: string, round: number): Promise<Round> {
  const order = [victim, ...REALMS.filter((realm) => realm !== victim)];
  const rnames = order.map((realm) => cluster.realm(realm).rname);
  const credentials = sdkCredentials(cluster.realms);
  const sessions: Session[] = [];
  const reportedStallsMs: number[] = [];
  try {
    const publisher = await createSession({ rnames, name: `bench-pub-${round}`, credentials });
    sessions.push(publisher);
    const subscriber = await createSession({ rnames, name: `bench-sub-${round}`, credentials });
    sessions.push(subscriber);
    for (const session of sessions)
      session.on("reconnected", (status) => reportedStallsMs.push(status.stallMs));

    const ackedAt = new Map<number, number>();
    const receivedAt = new Map<number, number>();
    let duplicates = 0;
    const subscription = await subscriber.subscribe(
      CHANNEL,
      (event) => {
        if (receivedAt.has(event.eid)) duplicates++;
        else receivedAt.set(event.eid, performance.now());
      },
      { fromLatest: true },
    );

    let killAt = Number.POSITIVE_INFINITY;
    let recoveredAt = Number.POSITIVE_INFINITY;
    let publishing = true;
    let n = 0;
    const publishLoop = (async () => {
      while (publishing) {
        const started = performance.now();
        n += 1;
        const { eid } = await publisher.publish(CHANNEL, `round ${round} event ${n}`);
        const now = performance.now();
        ackedAt.set(eid, now);
        const wait = PUBLISH_PACE_MS - (now - started);
        if (wait > 0) await sleep(wait);
      }
    })();

    await sleep(BEFORE_KILL_MS);
    const lastAckBeforeKill = Math.max(...ackedAt.values());
    killAt = performance.now();
    await cluster.kill(victim);
    // Recovered: the publisher had an event acknowledged after the kill and the subscriber
    // received every event acknowledged so far.
    const deadline = killAt + RECOVERY_LIMIT_MS;
    while (performance.now() < deadline) {
      const ackedAfterKill = [...ackedAt.values()].some((at) => at > killAt);
      if (ackedAfterKill && [...ackedAt.keys()].every((eid) => receivedAt.has(eid))) {
        recoveredAt = performance.now();
        break;
      }
      await sleep(10);
    }
    const recovered = recoveredAt !== Number.POSITIVE_INFINITY;
    if (recovered) await sleep(AFTER_RECOVERY_MS);
    publishing = false;
    await Promise.race([publishLoop, sleep(RECOVERY_LIMIT_MS)]);
    const settleDeadline = performance.now() + 5_000;
    while (
      performance.now() < settleDeadline &&
      ![...ackedAt.keys()].every((eid) => receivedAt.has(eid))
    )
      await sleep(10);
    await subscription.stop();

    const acks = [...ackedAt.values()]
      .filter((at) => at >= lastAckBeforeKill)
      .sort((a, b) => a - b);
    let publisherStallMs = 0;
    for (let i = 1; i < acks.length; i++)
      publisherStallMs = Math.max(publisherStallMs, (acks[i] as number) - (acks[i - 1] as number));
    if (!recovered) publisherStallMs = Math.max(publisherStallMs, RECOVERY_LIMIT_MS);

    let subscriberStallMs = 0;
    let missing = 0;
    for (const [eid, acked] of ackedAt) {
      const received = receivedAt.get(eid);
      if (received === undefined) {
        missing++;
        continue;
      }
      if (received > killAt)
        subscriberStallMs = Math.max(subscriberStallMs, received - Math.max(acked, killAt));
    }
    if (!recovered) subscriberStallMs = Math.max(subscriberStallMs, RECOVERY_LIMIT_MS);
    return {
      publisherStallMs,
      subscriberStallMs,
      reportedStallsMs,
      recovered,
      anomalies: missing + duplicates,
    };
  } finally {
    for (const session of sessions) await session.close().catch(() => undefined);
    await cluster.start(victim);
  }
}

export async function sdkFailoverStalls(cluster: BenchCluster): Promise<SdkFailoverFigures> {
  await cluster.createChannel(CHANNEL);
  const control = await cluster.connectRaw("realm1", "bench-control");
  const started = performance.now();
  const rounds = new Map<KillCase, Round[]>(CASES.map((killCase) => [killCase, []]));
  let cutShort = false;
  try {
    // Cases interleaved, so a slow stretch of the machine does not land on one case only.
    outer: for (let kill = 1; kill <= KILLS; kill++) {
      for (const killCase of CASES) {
        if (performance.now() - started > STALL_BUDGET_MS) {
          cutShort = true;
          break outer;
        }
        const victim = await chooseVictim(cluster, killCase, control);
        const round = await killRound(cluster, victim, kill);
        rounds.get(killCase)?.push(round);
        console.log(
          `[bench] sdk failover, ${killCase}, kill ${kill} (${victim}): publisher ${round.publisherStallMs.toFixed(0)} ms, ` +
            `subscriber ${round.subscriberStallMs.toFixed(0)} ms${round.recovered ? "" : " (not recovered)"}` +
            `${round.anomalies ? `, ${round.anomalies} events lost or duplicated` : ""}`,
        );
      }
    }
    await cluster.healthy(CHANNEL);
  } finally {
    await control.close().catch(() => undefined);
  }
  const figures = (list: Round[]): KillStalls => ({
    publisher: summarize(list.map((round) => round.publisherStallMs)),
    subscriber: summarize(list.map((round) => round.subscriberStallMs)),
    reported: summarize(list.flatMap((round) => round.reportedStallsMs)),
    unrecovered: list.filter((round) => !round.recovered).length,
    anomalies: list.reduce((sum, round) => sum + round.anomalies, 0),
  });
  return {
    cases: {
      "led nothing": figures(rounds.get("led nothing") ?? []),
      "led the stream": figures(rounds.get("led the stream") ?? []),
      "led the meta group": figures(rounds.get("led the meta group") ?? []),
    },
    killsPerCase: KILLS,
    paceMs: PUBLISH_PACE_MS,
    cutShort,
  };
}
