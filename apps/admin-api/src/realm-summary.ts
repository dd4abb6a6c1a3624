import {
  formatRname,
  type Counter,
  type HostedRealm,
  type RealmInterface,
  type RealmJetStreamView,
  type RealmMetrics,
  type RealmMonitor,
  type RealmProcess,
  type RealmSample,
  type RealmStatus,
  type RealmSummary,
} from "@em/contracts";

/** The host a realm lives on, as far as a summary needs it. */
export interface RealmHostRef {
  id: string;
  name: string;
  url: string;
}

/** What the console knows of one realm: its summary and the sample its rates are computed from. */
export interface RealmView {
  hostId: string;
  definition: HostedRealm;
  summary: RealmSummary;
  /** The last successful sample, the base of the next rates. */
  lastSample: RealmSample | null;
  /**
   * The realm's JetStream and cluster view from the latest poll; null when that poll had no
   * sample (the realm is down or silent) or the realm could not read its own /jsz.
   */
  jetstream: RealmJetStreamView | null;
}

// A realm bound to every address is reached through its host's own name.
const WILDCARD_ADDRESSES = new Set(["", "0.0.0.0", "::", "[::]"]);

/** The address other machines reach a realm on: its bind address, or its host's name. */
export function advertisedHost(bindHost: string, hostUrl: string): string {
  if (!WILDCARD_ADDRESSES.has(bindHost)) return bindHost;
  return new URL(hostUrl).hostname.replace(/^\[|\]$/g, "");
}

/** The client interfaces of a realm, with their RNAMEs. */
export function realmInterfaces(definition: HostedRealm, hostUrl: string): RealmInterface[] {
  const host = advertisedHost(definition.bindHost, hostUrl);
  return (
    [
      ["nsp", definition.ports.nsp],
      ["nhp", definition.ports.nhp],
      ["nsps", definition.ports.nsps],
      ["nhps", definition.ports.nhps],
    ] as const
  ).flatMap(([protocol, port]) =>
    port === null ? [] : [{ protocol, host, port, rname: formatRname(protocol, host, port) }],
  );
}

function counter(
  total: number,
  previousTotal: number | undefined,
  elapsedSeconds: number | null,
): Counter {
  // A counter that went down belongs to a restarted realm: no honest rate from that pair.
  if (previousTotal === undefined || elapsedSeconds === null || total < previousTotal) {
    return { total, perSecond: null };
  }
  return { total, perSecond: (total - previousTotal) / elapsedSeconds };
}

/** Metrics of a sample, with rates against the previous sample of the same realm process. */
export function realmMetrics(sample: RealmSample, previous: RealmSample | null): RealmMetrics {
  const comparable = previous !== null && previous.startedAt === sample.startedAt;
  const elapsedMs = comparable ? Date.parse(sample.sampledAt) - Date.parse(previous.sampledAt) : 0;
  const elapsedSeconds = elapsedMs > 0 ? elapsedMs / 1000 : null;
  const base = comparable ? previous : undefined;
  return {
    connections: sample.connections,
    totalConnections: sample.totalConnections,
    messagesIn: counter(sample.inMsgs, base?.inMsgs, elapsedSeconds),
    messagesOut: counter(sample.outMsgs, base?.outMsgs, elapsedSeconds),
    bytesIn: counter(sample.inBytes, base?.inBytes, elapsedSeconds),
    bytesOut: counter(sample.outBytes, base?.outBytes, elapsedSeconds),
    memoryBytes: sample.memBytes,
    cpuPercent: sample.cpuPercent,
    storageBytes: sample.storageBytes,
  };
}

/** Why a process that is not running stopped, for a person: "killed (SIGKILL) at …". */
export function exitProblem(process: RealmProcess): string {
  // realmd clears lastError on every start, so when set it explains the latest failure.
  if (process.lastError) return `failed to start: ${process.lastError}`;
  const exit = process.lastExit;
  if (!exit) return "not started";
  if (!exit.expected) {
    if (exit.signal) return `killed (${exit.signal}) at ${exit.at}`;
    if (exit.code !== null && exit.code !== 0)
      return `crashed with exit code ${exit.code} at ${exit.at}`;
    return `exited on its own at ${exit.at}`;
  }
  if (exit.signal === "SIGKILL") return `killed (SIGKILL) by an operator at ${exit.at}`;
  return `stopped by an operator at ${exit.at}`;
}

function statusOf(monitor: RealmMonitor): { status: RealmStatus; problem: string | null } {
  const { process, sample, problem } = monitor;
  if (process.state === "stopped" || process.state === "crashed") {
    return { status: "offline", problem: exitProblem(process) };
  }
  if (sample) return { status: "online", problem: null };
  if (problem?.kind === "not-running") return { status: "offline", problem: problem.message };
  // Starting and stopping are moves an operator asked for, not a realm that stopped answering.
  if (process.state === "starting") return { status: "offline", problem: "starting" };
  if (process.state === "stopping") return { status: "offline", problem: "stopping" };
  if (process.state === "paused") {
    return {
      status: "unresponsive",
      problem: "paused (SIGSTOP): resume it to serve clients again",
    };
  }
  return {
    status: "unresponsive",
    problem: problem?.message ?? "did not answer its monitoring endpoint",
  };
}

function secondsBetween(from: string, to: Date): number {
  return Math.max(0, Math.round((to.getTime() - Date.parse(from)) / 1000));
}

/** A realm's view after a monitoring answer from its realmd. */
export function summarizeMonitor(
  host: RealmHostRef,
  definition: HostedRealm,
  monitor: RealmMonitor,
  previous: RealmView | undefined,
  now: Date,
): RealmView {
  const { status, problem } = statusOf(monitor);
  const { process, sample } = monitor;
  const alive = process.state !== "stopped" && process.state !== "crashed";
  const startedAt = alive ? (process.startedAt ?? sample?.startedAt ?? null) : null;
  const previousSample = previous?.lastSample ?? null;
  const previousMetrics = previous?.summary.metrics ?? null;
  return {
    hostId: host.id,
    definition,
    lastSample: sample ?? previousSample,
    jetstream: sample?.jetstream ?? null,
    summary: {
      name: definition.name,
      hostId: host.id,
      hostName: host.name,
      status,
      processState: process.state,
      version: sample?.version ?? previous?.summary.version ?? null,
      startedAt,
      uptimeSeconds: startedAt === null ? null : secondsBetween(startedAt, now),
      interfaces: realmInterfaces(definition, host.url),
      rnames: realmInterfaces(definition, host.url).map((i) => i.rname),
      metrics: sample ? realmMetrics(sample, previousSample) : previousMetrics,
      lastSeen: sample?.sampledAt ?? previous?.summary.lastSeen ?? null,
      stale: sample === null && previousMetrics !== null,
      problem,
    },
  };
}

/** A realm's view when its host could not be asked: last known metrics, marked stale. */
export function summarizeUnknown(
  host: RealmHostRef,
  definition: HostedRealm,
  previous: RealmView | undefined,
  problem: string,
): RealmView {
  return {
    hostId: host.id,
    definition,
    lastSample: previous?.lastSample ?? null,
    jetstream: null,
    summary: {
      name: definition.name,
      hostId: host.id,
      hostName: host.name,
      status: "unknown",
      processState: null,
      version: previous?.summary.version ?? null,
      startedAt: previous?.summary.startedAt ?? null,
      uptimeSeconds: null,
      interfaces: realmInterfaces(definition, host.url),
      rnames: realmInterfaces(definition, host.url).map((i) => i.rname),
      metrics: previous?.summary.metrics ?? null,
      lastSeen: previous?.summary.lastSeen ?? null,
      stale: true,
      problem,
    },
  };
}
