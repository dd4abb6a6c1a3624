// One chaos run: a three-realm cluster (realmd + admin API, formed through the API), a TCP proxy
// in front of each realm's client port, the SDK load through the proxies, the seeded faults one
// after another (each healed, then recovery awaited), a drain, the checker and the report.
import { execFileSync } from "node:child_process";
import { cpus } from "node:os";
import { jetstreamManager } from "@nats-io/jetstream";
import {
  API_ROUTES,
  ClusterDetailSchema,
  EVENT_HEADERS,
  apiPath,
  streamNameFor,
} from "@em/contracts";
import { natsServerBin } from "@em/testkit";
import { startBenchCluster, type BenchCluster } from "../bench/sdk-cluster.js";
import { check } from "./checker.js";
import {
  restartRealm,
  rolesOf,
  runFault,
  storeDetail,
  type ChaosRealm,
  type FaultRun,
  type FaultTarget,
} from "./faults.js";
import { startLoad, type Load } from "./load.js";
import { buildReport, type ChaosReport } from "./report.js";
import { describeFault, faultSchedule, type Fault, type FaultKind } from "./schedule.js";
import { startTcpProxy, type TcpProxy } from "./tcp-proxy.js";

export const CHANNEL = "/chaos/events";
export const QUEUE = "/chaos/jobs";
export const MINORITY_CHANNEL = "/chaos/minority";
const STORES = [
  { kind: "channel" as const, name: CHANNEL },
  { kind: "queue" as const, name: QUEUE },
];

export interface ChaosOptions {
  seed: number;
  faults: number;
  /** The command that replays this run, printed with the verdict. */
  replay: string;
  /** @default 500 */
  minHoldMs?: number;
  /** @default 4000 */
  maxHoldMs?: number;
  /** Only these kinds of fault. @default every kind */
  kinds?: readonly FaultKind[];
  /** No new fault starts past this (ms from the start); the rest count as not run. */
  budgetMs?: number;
  /**
   * After a heal, the longest wait for every role of the load to move on. Longer than the
   * engine's 2-minute dedupe window, which bounds how long nats-server 2.10 can refuse a retried
   * publish after a leader change (see the README's engine anomalies).
   * @default 150000
   */
  recoveryLimitMs?: number;
  /** After a heal, the longest wait for the cluster to be whole before a repair. @default 60000 */
  clusterLimitMs?: number;
  /** Aborted (Ctrl-C): no new fault starts, everything is stopped, `ChaosInterruptedError`. */
  signal?: AbortSignal;
  log?: (line: string) => void;
  /** Session-level lines (failovers, retried publishes). */
  verbose?: boolean;
}

/** The run was stopped (Ctrl-C) before fault `next`; everything it started is stopped. */
export class ChaosInterruptedError extends Error {
  constructor(readonly next: number) {
    super(`interrupted before fault #${next}`);
    this.name = "ChaosInterruptedError";
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What keeps the cluster from being whole: no master, members offline, a store without a leader
 * or with a replica that is offline or not caught up. Empty when healthy.
 */
async function clusterProblems(target: FaultTarget): Promise<ClusterProblem[]> {
  const response = await target.session.get(
    apiPath(API_ROUTES.getCluster.path, { name: target.clusterName }),
  );
  if (response.status !== 200) return [{ what: `cluster detail answered ${response.status}` }];
  const cluster = ClusterDetailSchema.parse(await response.json());
  const problems: ClusterProblem[] = [];
  if (!cluster.master) problems.push({ what: "no master" });
  if (cluster.quorum.online !== target.realms.length)
    problems.push({ what: `${cluster.quorum.online}/${target.realms.length} members online` });
  for (const store of STORES) {
    const detail = await storeDetail(target, store.kind, store.name);
    if (!detail.leader) problems.push({ what: `${store.name} has no leader` });
    for (const replica of detail.replicaStates)
      if (replica.offline || !replica.current)
        problems.push({
          what: `${store.name} on ${replica.realm} ${replica.offline ? "offline" : `not current (lag ${replica.lag})`}`,
          realm: replica.realm,
        });
    if (detail.replicaStates.length !== target.realms.length)
      problems.push({ what: `${store.name} has ${detail.replicaStates.length} replicas` });
  }
  if (problems.length === 0 && cluster.status !== "healthy")
    problems.push({ what: `cluster ${cluster.status}` });
  return problems;
}

interface ClusterProblem {
  what: string;
  /** The realm holding a replica that is behind, when that is the problem. */
  realm?: string;
}

/** Waits until the cluster is whole; answers when, or the problems still there after `limitMs`. */
async function clusterWhole(
  target: FaultTarget,
  limitMs: number,
): Promise<{ at: number } | { problems: ClusterProblem[] }> {
  const deadline = target.now() + limitMs;
  let problems: ClusterProblem[] = [];
  for (;;) {
    problems = await clusterProblems(target).catch((error: unknown) => [
      { what: `admin API: ${String(error)}` },
    ]);
    if (problems.length === 0) return { at: target.now() };
    if (target.now() > deadline) return { problems };
    await sleep(300);
  }
}

/**
 * The load recovered: every publisher had an event acked after the heal, a consumer an ack
 * confirmed after it, and both subscribers hold every event acked before it. Answers when, or
 * null past `limitMs`.
 */
async function loadRecovered(
  target: FaultTarget,
  load: Load,
  healedAt: number,
  limitMs: number,
): Promise<number | null> {
  const ackedBeforeHeal = load.highestAckedEid();
  const deadline = target.now() + limitMs;
  while (target.now() < deadline) {
    const counts = load.counts();
    if (
      counts.lastAckAt > healedAt &&
      counts.lastQueueAckAt > healedAt &&
      load.slowestSubscriberEid() >= ackedBeforeHeal
    )
      return target.now();
    await sleep(100);
  }
  return null;
}

/**
 * Every event a store holds, EID → eventId, read by EID from one realm directly (not through
 * its proxy).
 */
async function storeContents(cluster: BenchCluster, store: string): Promise<Map<number, string>> {
  const connection = await cluster.connectRaw("realm1", "chaos-check");
  try {
    const jsm = await jetstreamManager(connection);
    const stream = streamNameFor(store);
    const info = await jsm.streams.info(stream);
    const contents = new Map<number, string>();
    if (info.state.messages === 0) return contents;
    for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
      const message = await jsm.streams.getMessage(stream, { seq }).catch(() => null);
      if (message) contents.set(seq, message.header.get(EVENT_HEADERS.messageId));
    }
    return contents;
  } finally {
    await connection.close().catch(() => undefined);
  }
}

const queueLeft = async (cluster: BenchCluster) => [
  ...(await storeContents(cluster, QUEUE)).keys(),
];

/**
 * The cluster stayed broken after the load recovered: an engine anomaly, recorded with what was
 * wrong. Repaired the way an operator would: a graceful restart of each realm whose replica is
 * stuck behind (or a start of a member that is down), then one more wait. True when whole again.
 */
async function repair(
  target: FaultTarget,
  run: FaultRun,
  problems: ClusterProblem[],
  limitMs: number,
  log: (line: string) => void,
): Promise<boolean> {
  const realms = [...new Set(problems.flatMap((problem) => problem.realm ?? []))];
  const action = realms.length > 0 ? `graceful restart of ${realms.join(", ")}` : "none (waited)";
  log(
    `#${run.fault.index}: engine anomaly, the cluster is not whole ${Math.round(target.now() - run.healedAt)} ms ` +
      `after the heal: ${problems.map((problem) => problem.what).join("; ")}; repair: ${action}`,
  );
  for (const realm of realms) await restartRealm(target, realm).catch(() => undefined);
  const whole = await clusterWhole(target, limitMs);
  run.anomaly = {
    problems: problems.map((problem) => problem.what),
    repair: action,
    repairedAfterMs: "at" in whole ? Math.round(whole.at - run.healedAt) : null,
  };
  if ("at" in whole) run.clusterWholeAt = whole.at;
  return "at" in whole;
}

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const log = options.log ?? ((line: string) => console.log(`[chaos] ${line}`));
  const schedule: Fault[] = faultSchedule({
    seed: options.seed,
    faults: options.faults,
    realms: ["realm1", "realm2", "realm3"],
    ...(options.minHoldMs === undefined ? {} : { minHoldMs: options.minHoldMs }),
    ...(options.maxHoldMs === undefined ? {} : { maxHoldMs: options.maxHoldMs }),
    ...(options.kinds === undefined ? {} : { kinds: options.kinds }),
  });
  log(`seed ${options.seed}, ${schedule.length} faults:`);
  for (const fault of schedule) log(`  ${describeFault(fault)}`);

  const origin = performance.now();
  const now = () => performance.now() - origin;
  const proxies: TcpProxy[] = [];
  let cluster: BenchCluster | undefined;
  let load: Load | undefined;
  try {
    const limitMs = options.recoveryLimitMs ?? 150_000;
    const clusterLimitMs = options.clusterLimitMs ?? 60_000;
    cluster = await startBenchCluster("chaos");
    const realms: ChaosRealm[] = [];
    for (const realm of cluster.realms) {
      const proxy = await startTcpProxy({ targetPort: realm.nspPort });
      proxies.push(proxy);
      realms.push({
        name: realm.name,
        rname: `nsp://127.0.0.1:${proxy.port}`,
        proxy,
        credentials: { user: realm.credentials.user, pass: realm.credentials.password },
      });
    }
    await cluster.createChannel(CHANNEL);
    await cluster.createQueue(QUEUE);
    await cluster.createChannel(MINORITY_CHANNEL);
    const target: FaultTarget = {
      clusterName: cluster.name,
      session: cluster.session,
      realms,
      minorityChannel: MINORITY_CHANNEL,
      now,
    };
    load = await startLoad(
      {
        rnames: realms.map((realm) => realm.rname),
        credentials: (rname) => realms.find((realm) => realm.rname === rname)?.credentials,
        channel: CHANNEL,
        queue: QUEUE,
        now,
        log: options.verbose ? log : () => undefined,
      },
      { publishers: 2, subscribers: 2, consumers: 2 },
    );
    const warmedUp = await loadRecovered(target, load, now(), limitMs);
    if (warmedUp === null) throw new Error("the load made no progress before the first fault");

    const runs: FaultRun[] = [];
    for (const fault of schedule) {
      // Ctrl-C: no report (the drain would wait on processes the terminal signalled too).
      if (options.signal?.aborted) throw new ChaosInterruptedError(fault.index);
      if (options.budgetMs !== undefined && now() > options.budgetMs) break;
      await sleep(fault.gapMs);
      const roles = await rolesOf(target, fault.target, STORES);
      const run = await runFault(target, fault, roles);
      runs.push(run);
      // Measured side by side: the cluster may be whole long before a stalled role moves on.
      const [recoveredAt, whole] = await Promise.all([
        loadRecovered(target, load, run.healedAt, limitMs),
        clusterWhole(target, clusterLimitMs),
      ]);
      run.recoveredAt = recoveredAt;
      if ("at" in whole) run.clusterWholeAt = whole.at;
      else if (!(await repair(target, run, whole.problems, clusterLimitMs, log))) {
        log(`#${fault.index}: the cluster is not whole even after a repair; stopping the schedule`);
        break;
      }
      log(
        `${describeFault(fault)} [${roles.join(", ") || "no role"}]: healed after ` +
          `${Math.round(run.healedAt - run.startedAt)} ms, ` +
          (run.recoveredAt === null
            ? "the load did not recover within the limit"
            : `load recovered after ${Math.round(run.recoveredAt - run.startedAt)} ms`) +
          (run.clusterWholeAt === null
            ? ""
            : `, cluster whole after ${Math.round(run.clusterWholeAt - run.startedAt)} ms`) +
          (run.probe ? `; lone-realm publish: ${run.probe.outcome}` : "") +
          (run.error ? `; error: ${run.error}` : ""),
      );
    }

    // Drain: producers stop, subscribers and consumers take everything acknowledged.
    const stopped = await Promise.race([load.stopProducing().then(() => true), sleep(60_000)]);
    if (!stopped) log("publishers still retrying after 60 s; checking what was acknowledged");
    const drainDeadline = now() + 60_000;
    while (!load.caughtUp() && now() < drainDeadline) await sleep(200);
    // An ack that never reached the cluster leaves its event to come back after the queue's ack
    // wait (5 s) to some consumer: wait for the queue to empty.
    let left = await queueLeft(cluster);
    while (left.length > 0 && now() < drainDeadline + 30_000) {
      await sleep(1_000);
      left = await queueLeft(cluster);
    }
    const loadEndedAt = now();
    load.trace.queueLeft = left;
    const minorityStored = [...(await storeContents(cluster, MINORITY_CHANNEL)).values()];
    for (const run of runs)
      if (run.probe) {
        const eventId = run.probe.eventId;
        run.probe.storedAfterHealing = minorityStored.filter((stored) => stored === eventId).length;
        load.trace.minority.push(run.probe);
      }
    const result = check(load.trace);
    return buildReport(
      {
        seed: options.seed,
        faults: options.faults,
        publishers: 2,
        subscribers: 2,
        consumers: 2,
        replay: options.replay,
      },
      {
        cpus: `${cpus().length} × ${cpus()[0]?.model ?? "unknown"}`,
        node: process.version,
        natsServer: execFileSync(natsServerBin(), ["--version"], { encoding: "utf8" }).trim(),
        date: new Date().toISOString(),
      },
      runs,
      load.trace,
      result,
      loadEndedAt,
      schedule.length - runs.length,
    );
  } finally {
    await load?.close().catch(() => undefined);
    for (const proxy of proxies) await proxy.close().catch(() => undefined);
    await Promise.resolve(cluster?.[Symbol.asyncDispose]()).catch(() => undefined);
  }
}
