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
  rolesOf,
  runFault,
  storeDetail,
  type ChaosRealm,
  type FaultRun,
  type FaultTarget,
} from "./faults.js";
import { startLoad, type Load } from "./load.js";
import { buildReport, type ChaosReport } from "./report.js";
import { describeFault, faultSchedule, type Fault } from "./schedule.js";
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
  /** No new fault starts past this (ms from the start); the rest count as not run. */
  budgetMs?: number;
  /** After a heal, the longest wait for a healthy cluster and progress. @default 60000 */
  recoveryLimitMs?: number;
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

/** Cluster healthy with a master and 3/3, each store with a leader and every replica current. */
async function healthy(target: FaultTarget): Promise<boolean> {
  const response = await target.session.get(
    apiPath(API_ROUTES.getCluster.path, { name: target.clusterName }),
  );
  if (response.status !== 200) return false;
  const cluster = ClusterDetailSchema.parse(await response.json());
  if (cluster.status !== "healthy" || !cluster.master) return false;
  if (cluster.quorum.online !== target.realms.length) return false;
  for (const store of STORES) {
    const detail = await storeDetail(target, store.kind, store.name);
    if (!detail.leader) return false;
    if (detail.replicaStates.length !== target.realms.length) return false;
    if (!detail.replicaStates.every((replica) => replica.current && !replica.offline)) return false;
  }
  return true;
}

/**
 * Recovered: a publish and a queue ack after the heal, subscribers holding every event acked
 * before it, and a healthy cluster. Answers when, or null past `limitMs`.
 */
async function recovery(
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
      load.slowestSubscriberEid() >= ackedBeforeHeal &&
      (await healthy(target).catch(() => false))
    )
      return target.now();
    await sleep(300);
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

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const log = options.log ?? ((line: string) => console.log(`[chaos] ${line}`));
  const schedule: Fault[] = faultSchedule({
    seed: options.seed,
    faults: options.faults,
    realms: ["realm1", "realm2", "realm3"],
    ...(options.minHoldMs === undefined ? {} : { minHoldMs: options.minHoldMs }),
    ...(options.maxHoldMs === undefined ? {} : { maxHoldMs: options.maxHoldMs }),
  });
  log(`seed ${options.seed}, ${schedule.length} faults:`);
  for (const fault of schedule) log(`  ${describeFault(fault)}`);

  const origin = performance.now();
  const now = () => performance.now() - origin;
  const proxies: TcpProxy[] = [];
  let cluster: BenchCluster | undefined;
  let load: Load | undefined;
  try {
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
    const warmedUp = await recovery(target, load, now(), options.recoveryLimitMs ?? 60_000);
    if (warmedUp === null) throw new Error("the load made no progress before the first fault");

    const runs: FaultRun[] = [];
    const limitMs = options.recoveryLimitMs ?? 60_000;
    for (const fault of schedule) {
      // Ctrl-C: no report (the drain would wait on processes the terminal signalled too).
      if (options.signal?.aborted) throw new ChaosInterruptedError(fault.index);
      if (options.budgetMs !== undefined && now() > options.budgetMs) break;
      await sleep(fault.gapMs);
      const roles = await rolesOf(target, fault.target, STORES);
      const run = await runFault(target, fault, roles);
      run.recoveredAt = await recovery(target, load, run.healedAt, limitMs);
      if (run.recoveredAt === null && !(await healthy(target).catch(() => false))) {
        log(`#${fault.index}: the cluster is still not healthy; one more wait`);
        run.recoveredAt = null;
        if ((await recovery(target, load, run.healedAt, limitMs)) === null) {
          runs.push(run);
          log(`#${fault.index}: the cluster did not recover; stopping the schedule`);
          break;
        }
      }
      runs.push(run);
      log(
        `${describeFault(fault)} [${roles.join(", ") || "no role"}]: healed after ` +
          `${Math.round(run.healedAt - run.startedAt)} ms, ` +
          (run.recoveredAt === null
            ? "not recovered within the limit"
            : `recovered after ${Math.round(run.recoveredAt - run.startedAt)} ms`) +
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
