// What an SDK publisher and an SDK subscriber feel when their realm fails, per fault case:
// - SIGKILL of a realm that led nothing, of the channel's stream leader, of the meta leader;
// - SIGSTOP of a realm that led nothing (a hung realm: only the SDK's own round trips, every
//   `pingIntervalMs`, notice it; defaults 1000 ms and a 1500 ms timeout);
// - a graceful drill (POST /api/drills, action "graceful") of the stream leader: its leaderships
//   and the master moved away, then SIGTERM.
// Both sessions list the victim first, so both are on it when it fails. Per round:
// - publisher stall: the longest gap between two consecutive acknowledgements (one publish in
//   flight, one every PUBLISH_PACE_MS) from the last acknowledgement before the fault;
// - subscriber stall: the longest an event waited for the subscriber because of the failover —
//   from its acknowledgement, or from the fault for events acknowledged before it.
// A round ends once both sessions reported `reconnected`, the publisher had an event
// acknowledged after that and the subscriber received every acknowledged event. Leaders come from
// the admin API (channel detail `leader`, cluster `master`). The victim is brought back (started,
// continued, or by the drill itself) and the cluster healthy before the next round. When it is
// not healthy within HEALTHY_WAIT_MS, the members not caught up are restarted through the API and
// that is recorded (`heals`): the engine's, not the SDK's, trouble, but said in the results.
// Bounded by STALL_BUDGET_MS.
import { createSession, type Session } from "@em/client";
import { API_ROUTES, DrillSchema, apiPath, streamNameFor, type RealmAction } from "@em/contracts";
import { eventually } from "@em/testkit";
import type { NatsConnection } from "@nats-io/transport-node";
import { REALMS, type BenchCluster } from "./sdk-cluster.js";
import { sdkCredentials } from "./sdk-credentials.js";
import { summarize, type Summary } from "./stats.js";

export const FAULT_CASES = [
  "SIGKILL, led nothing",
  "SIGKILL, led the stream",
  "SIGKILL, led the meta group",
  "SIGSTOP, led nothing",
  "graceful drill, led the stream",
] as const;
export type FaultCase = (typeof FAULT_CASES)[number];

/** @default 10 — rounds per case. */
const KILLS = Number(process.env["SDK_BENCH_KILLS"] ?? 10);
/** @default 720000 — the whole stall measurement stops starting rounds past this. */
const STALL_BUDGET_MS = Number(process.env["SDK_BENCH_BUDGET_MS"] ?? 720_000);
/** @default every case — `SDK_BENCH_CASES="SIGSTOP, led nothing"` (`;`-separated) runs some. */
const RUN_CASES = (process.env["SDK_BENCH_CASES"]?.split(";") ?? FAULT_CASES).filter(
  (name): name is FaultCase => (FAULT_CASES as readonly string[]).includes(name),
);
/** @default 20 — one publish every 20 ms: the resolution of the publisher's stall. */
const PUBLISH_PACE_MS = 20;
/** Publishing before the fault, so both sessions are in their stride. */
const BEFORE_KILL_MS = 600;
/** Publishing after both sessions have recovered. */
const AFTER_RECOVERY_MS = 600;
/** A round whose sessions have not recovered by then is recorded as this long and ended. */
const RECOVERY_LIMIT_MS = 30_000;
/** The graceful drill's observation window before it starts the realm again. */
const DRILL_OBSERVE_MS = 2_000;
/** How long the cluster may take to be healthy again before a round. */
const HEALTHY_WAIT_MS = 60_000;

const CHANNEL = "/bench/sdk/failover";

export interface KillStalls {
  publisher: Summary;
  subscriber: Summary;
  /** `stallMs` of the sessions' own `reconnected` status, publisher and subscriber together. */
  reported: Summary;
  /** Rounds whose sessions had not recovered within RECOVERY_LIMIT_MS (counted at that limit). */
  unrecovered: number;
  /** Events lost or duplicated as the subscriber saw them (should be 0). */
  anomalies: number;
  /** Rounds that failed before measuring (a drill refused, say), with why; not in the figures. */
  errors: string[];
}

export interface SdkFailoverFigures {
  cases: Partial<Record<FaultCase, KillStalls>>;
  killsPerCase: number;
  paceMs: number;
  drillObserveMs: number;
  /** True when the time budget ended the measurement before every round was made. */
  cutShort: boolean;
  /** Each time the cluster was not healthy in time: which members were restarted, and why. */
  heals: string[];
}

interface Round {
  publisherStallMs: number;
  subscriberStallMs: number;
  reportedStallsMs: number[];
  recovered: boolean;
  anomalies: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function realmAction(cluster: BenchCluster, realm: string, action: RealmAction) {
  const response = await cluster.session.post(
    apiPath(API_ROUTES.realmAction.path, { name: realm, action }),
  );
  if (response.status !== 200)
    throw new Error(`${action} ${realm}: ${response.status} ${await response.text()}`);
}

/** Starts a graceful drill of `realm`; answers a wait for its end (the realm started again). */
async function gracefulDrill(cluster: BenchCluster, realm: string): Promise<() => Promise<void>> {
  const response = await cluster.session.post(API_ROUTES.startDrill.path, {
    realm,
    action: "graceful",
    observeMs: DRILL_OBSERVE_MS,
  });
  if (response.status !== 202)
    throw new Error(`graceful drill of ${realm}: ${response.status} ${await response.text()}`);
  const { id } = DrillSchema.parse(await response.json());
  return async () => {
    const drill = await eventually(
      `graceful drill of ${realm} finished`,
      async () => {
        const current = DrillSchema.parse(
          await (await cluster.session.get(apiPath(API_ROUTES.getDrill.path, { id }))).json(),
        );
        return current.status === "running" ? null : current;
      },
      DRILL_OBSERVE_MS + 120_000,
    );
    if (drill.status !== "succeeded")
      throw new Error(`graceful drill of ${realm} failed: ${drill.error?.message}`);
  };
}

interface Fault {
  /** Which realm fails: one leading nothing, the stream's leader (not the master), the master. */
  victim: "nothing" | "stream" | "meta" | "stream, master or not";
  /** Applies the fault; answers how to bring the realm back. */
  apply(cluster: BenchCluster, realm: string): Promise<() => Promise<void>>;
  /** Brings the realm back when `apply` failed part-way. */
  fallback(cluster: BenchCluster, realm: string): Promise<void>;
}

const sigkill: Omit<Fault, "victim"> = {
  apply: async (cluster, realm) => {
    await cluster.kill(realm);
    return () => cluster.start(realm);
  },
  fallback: (cluster, realm) => cluster.start(realm),
};

const FAULTS: Record<FaultCase, Fault> = {
  "SIGKILL, led nothing": { victim: "nothing", ...sigkill },
  "SIGKILL, led the stream": { victim: "stream", ...sigkill },
  "SIGKILL, led the meta group": { victim: "meta", ...sigkill },
  "SIGSTOP, led nothing": {
    victim: "nothing",
    apply: async (cluster, realm) => {
      await realmAction(cluster, realm, "pause");
      return () => realmAction(cluster, realm, "resume");
    },
    fallback: (cluster, realm) => realmAction(cluster, realm, "resume"),
  },
  "graceful drill, led the stream": {
    victim: "stream, master or not",
    apply: gracefulDrill,
    fallback: () => Promise.resolve(),
  },
};

/** Moves the stream's leadership away from its current leader (and waits for a new one). */
async function stepDownStream(connection: NatsConnection): Promise<void> {
  await connection
    .request(`$JS.API.STREAM.LEADER.STEPDOWN.${streamNameFor(CHANNEL)}`, undefined, {
      timeout: 5_000,
    })
    .catch(() => undefined);
}

/** The victim for a case, moving the stream's leadership off the master when they must differ. */
async function chooseVictim(
  cluster: BenchCluster,
  fault: Fault,
  control: NatsConnection,
): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const { master, leader } = await cluster.healthy(CHANNEL, HEALTHY_WAIT_MS);
    if (fault.victim === "nothing")
      return REALMS.find((realm) => realm !== master && realm !== leader) as string;
    if (fault.victim === "stream, master or not") return leader;
    if (master !== leader) return fault.victim === "stream" ? leader : master;
    await stepDownStream(control);
    await sleep(500);
  }
  throw new Error("could not separate the stream leader from the master");
}

/**
 * Restarts the members that are not caught up (cluster member state, or the channel's replica
 * not current); answers what was done and why.
 */
async function heal(cluster: BenchCluster, after: string): Promise<string> {
  try {
    return await restartLagging(cluster, after);
  } catch (error) {
    return `after ${after}: not healthy within ${HEALTHY_WAIT_MS / 1000} s, and the restart failed: ${error instanceof Error ? error.message : String(error)}`;
  }
}

async function restartLagging(cluster: BenchCluster, after: string): Promise<string> {
  const detail = await cluster.cluster();
  const store = await cluster.channel(CHANNEL).catch(() => undefined);
  const why = new Map<string, string[]>();
  const note = (realm: string, reason: string) =>
    why.set(realm, [...(why.get(realm) ?? []), reason]);
  for (const member of detail.members)
    if (member.state !== "master" && member.state !== "member") note(member.realm, member.state);
  for (const replica of store?.replicaStates ?? [])
    if (!replica.current || replica.offline)
      note(
        replica.realm,
        `channel replica ${replica.offline ? "offline" : `not current, ${replica.lag} behind`}`,
      );
  for (const realm of why.keys()) await realmAction(cluster, realm, "restart");
  const restarted = [...why].map(([realm, reasons]) => `${realm} (${reasons.join("; ")})`);
  return `after ${after}: not healthy within ${HEALTHY_WAIT_MS / 1000} s; restarted ${restarted.join(", ") || "nothing (no member stood out)"}`;
}

async function faultRound(
  cluster: BenchCluster,
  fault: Fault,
  victim: string,
  round: number,
): Promise<Round> {
  const order = [victim, ...REALMS.filter((realm) => realm !== victim)];
  const rnames = order.map((realm) => cluster.realm(realm).rname);
  const credentials = sdkCredentials(cluster.realms);
  const sessions: Session[] = [];
  const reportedStallsMs: number[] = [];
  let restore = () => fault.fallback(cluster, victim);
  try {
    const publisher = await createSession({ rnames, name: `bench-pub-${round}`, credentials });
    sessions.push(publisher);
    const subscriber = await createSession({ rnames, name: `bench-sub-${round}`, credentials });
    sessions.push(subscriber);
    const reconnectedAt: (number | undefined)[] = [undefined, undefined];
    sessions.forEach((session, index) =>
      session.on("reconnected", (status) => {
        reportedStallsMs.push(status.stallMs);
        reconnectedAt[index] = performance.now();
      }),
    );

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
    restore = await fault.apply(cluster, victim);
    // Recovered: both sessions reached another realm, the publisher had an event acknowledged
    // after its reconnection and the subscriber received every event acknowledged so far.
    const deadline = killAt + RECOVERY_LIMIT_MS;
    while (performance.now() < deadline) {
      const [publisherBack, subscriberBack] = reconnectedAt;
      if (publisherBack !== undefined && subscriberBack !== undefined) {
        const ackedAfter = [...ackedAt.values()].some((at) => at > publisherBack);
        if (ackedAfter && [...ackedAt.keys()].every((eid) => receivedAt.has(eid))) {
          recoveredAt = performance.now();
          break;
        }
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
    await restore();
  }
}

export async function sdkFailoverStalls(cluster: BenchCluster): Promise<SdkFailoverFigures> {
  await cluster.createChannel(CHANNEL);
  const control = await cluster.connectRaw("realm1", "bench-control");
  const started = performance.now();
  const rounds = new Map<FaultCase, Round[]>(RUN_CASES.map((name) => [name, []]));
  const errors = new Map<FaultCase, string[]>(RUN_CASES.map((name) => [name, []]));
  let cutShort = false;
  const heals: string[] = [];
  let previous = "the cluster was formed";
  /** The victim, restarting the members not caught up once if the cluster is not healthy. */
  const victimFor = async (fault: Fault) => {
    try {
      return await chooseVictim(cluster, fault, control);
    } catch (error) {
      const healed = await heal(cluster, previous);
      heals.push(healed);
      console.warn(
        `[bench] sdk failover: ${healed} (${error instanceof Error ? error.message : String(error)})`,
      );
      return chooseVictim(cluster, fault, control);
    }
  };
  try {
    // Cases interleaved, so a slow stretch of the machine does not land on one case only.
    outer: for (let kill = 1; kill <= KILLS; kill++) {
      for (const faultCase of RUN_CASES) {
        if (performance.now() - started > STALL_BUDGET_MS) {
          cutShort = true;
          break outer;
        }
        const fault = FAULTS[faultCase];
        let victim = "?";
        try {
          victim = await victimFor(fault);
          previous = `${faultCase}, round ${kill} (${victim})`;
          const round = await faultRound(cluster, fault, victim, kill);
          rounds.get(faultCase)?.push(round);
          console.log(
            `[bench] sdk failover, ${faultCase}, round ${kill} (${victim}): publisher ${round.publisherStallMs.toFixed(0)} ms, ` +
              `subscriber ${round.subscriberStallMs.toFixed(0)} ms${round.recovered ? "" : " (not recovered)"}` +
              `${round.anomalies ? `, ${round.anomalies} events lost or duplicated` : ""}`,
          );
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          errors.get(faultCase)?.push(message);
          console.warn(
            `[bench] sdk failover, ${faultCase}, round ${kill} (${victim}) failed: ${message}`,
          );
        }
      }
    }
    // Left healthy for whatever runs next on this cluster; said, not fatal, when it is not.
    await cluster
      .healthy(CHANNEL, HEALTHY_WAIT_MS)
      .catch(async () => heals.push(await heal(cluster, previous)));
  } finally {
    await control.close().catch(() => undefined);
  }
  const figures = (list: Round[], failed: string[]): KillStalls => ({
    publisher: summarize(list.map((round) => round.publisherStallMs)),
    subscriber: summarize(list.map((round) => round.subscriberStallMs)),
    reported: summarize(list.flatMap((round) => round.reportedStallsMs)),
    unrecovered: list.filter((round) => !round.recovered).length,
    anomalies: list.reduce((sum, round) => sum + round.anomalies, 0),
    errors: failed,
  });
  return {
    cases: Object.fromEntries(
      RUN_CASES.map((name) => [name, figures(rounds.get(name) ?? [], errors.get(name) ?? [])]),
    ),
    killsPerCase: KILLS,
    paceMs: PUBLISH_PACE_MS,
    drillObserveMs: DRILL_OBSERVE_MS,
    cutShort,
    heals,
  };
}
