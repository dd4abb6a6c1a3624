import { describe, expect, it } from "vitest";
import {
  RealmSummarySchema,
  type HostedRealm,
  type RealmMonitor,
  type RealmProcess,
  type RealmSample,
} from "@em/contracts";
import {
  exitProblem,
  summarizeMonitor,
  summarizeUnknown,
  type RealmView,
} from "./realm-summary.js";

const host = { id: "h1", name: "host-a", url: "http://10.0.0.5:7700" };
const startedAt = "2026-01-01T10:00:00.000Z";

const running: RealmProcess = {
  state: "running",
  pid: 42,
  startedAt,
  lastExit: null,
  lastError: null,
};

const definition: HostedRealm = {
  name: "realm1",
  bindHost: "127.0.0.1",
  ports: { nsp: 9100, nhp: 9101, monitor: 9102, cluster: null, nsps: null, nhps: null },
  tls: null,
  dataDir: "/data/realm1",
  desiredState: "running",
  process: running,
  cluster: null,
};

function sample(at: string, counters: Partial<RealmSample> = {}): RealmSample {
  return {
    serverName: "realm1",
    version: "2.10.27",
    startedAt,
    sampledAt: at,
    connections: 3,
    totalConnections: 10,
    inMsgs: 1000,
    outMsgs: 2000,
    inBytes: 10_000,
    outBytes: 20_000,
    memBytes: 1 << 24,
    cpuPercent: 1.5,
    storageBytes: 4096,
    jetstream: null,
    ...counters,
  };
}

const online = (at: string, counters?: Partial<RealmSample>): RealmMonitor => ({
  process: running,
  sample: sample(at, counters),
  problem: null,
});

function poll(
  monitor: RealmMonitor,
  previous?: RealmView,
  now = new Date("2026-01-01T10:01:00.000Z"),
) {
  const view = summarizeMonitor(host, definition, monitor, previous, now);
  RealmSummarySchema.parse(view.summary);
  return view;
}

describe("realm summary", () => {
  it("is online with RNAMEs, uptime and no rates after a first sample", () => {
    const { summary } = poll(online("2026-01-01T10:01:00.000Z"));
    expect(summary).toMatchObject({
      name: "realm1",
      hostId: "h1",
      hostName: "host-a",
      status: "online",
      processState: "running",
      version: "2.10.27",
      startedAt,
      uptimeSeconds: 60,
      rnames: ["nsp://127.0.0.1:9100", "nhp://127.0.0.1:9101"],
      lastSeen: "2026-01-01T10:01:00.000Z",
      stale: false,
      problem: null,
    });
    expect(summary.interfaces[0]).toEqual({
      protocol: "nsp",
      host: "127.0.0.1",
      port: 9100,
      rname: "nsp://127.0.0.1:9100",
    });
    expect(summary.metrics?.messagesIn).toEqual({ total: 1000, perSecond: null });
  });

  it("computes rates per second from the previous sample", () => {
    const first = poll(online("2026-01-01T10:01:00.000Z"));
    const { summary } = poll(
      online("2026-01-01T10:01:02.000Z", { inMsgs: 1100, outBytes: 20_500 }),
      first,
    );
    expect(summary.metrics?.messagesIn).toEqual({ total: 1100, perSecond: 50 });
    expect(summary.metrics?.bytesOut).toEqual({ total: 20_500, perSecond: 250 });
    expect(summary.metrics?.messagesOut.perSecond).toBe(0);
  });

  it("gives no rate across a restart, where counters start again from zero", () => {
    const first = poll(online("2026-01-01T10:01:00.000Z"));
    const restarted: RealmMonitor = {
      process: running,
      sample: {
        ...sample("2026-01-01T10:01:02.000Z", { inMsgs: 5 }),
        startedAt: "2026-01-01T10:01:01.000Z",
      },
      problem: null,
    };
    expect(poll(restarted, first).summary.metrics?.messagesIn).toEqual({
      total: 5,
      perSecond: null,
    });
  });

  it("is unresponsive with stale metrics when a running realm does not answer in time", () => {
    const first = poll(online("2026-01-01T10:01:00.000Z"));
    const { summary } = poll(
      {
        process: running,
        sample: null,
        problem: { kind: "timeout", message: "did not answer within 600 ms" },
      },
      first,
    );
    expect(summary).toMatchObject({
      status: "unresponsive",
      processState: "running",
      stale: true,
      lastSeen: "2026-01-01T10:01:00.000Z",
      problem: "did not answer within 600 ms",
    });
    expect(summary.metrics?.messagesIn.total).toBe(1000);
  });

  it("is unresponsive while paused, saying how to fix it", () => {
    const { summary } = poll({
      process: { ...running, state: "paused" },
      sample: null,
      problem: { kind: "timeout", message: "timeout" },
    });
    expect(summary.status).toBe("unresponsive");
    expect(summary.problem).toMatch(/paused.*resume/);
  });

  it("is offline after a kill, saying when and by which signal", () => {
    const killed: RealmProcess = {
      state: "crashed",
      pid: null,
      startedAt: null,
      lastExit: { code: null, signal: "SIGKILL", at: "2026-01-01T10:02:00.000Z", expected: false },
      lastError: null,
    };
    const { summary } = poll({
      process: killed,
      sample: null,
      problem: { kind: "not-running", message: "x" },
    });
    expect(summary).toMatchObject({
      status: "offline",
      processState: "crashed",
      startedAt: null,
      uptimeSeconds: null,
      problem: "killed (SIGKILL) at 2026-01-01T10:02:00.000Z",
    });
  });

  it("explains crashes, operator stops and failed starts", () => {
    const at = "2026-01-01T10:02:00.000Z";
    const base = { state: "stopped" as const, pid: null, startedAt: null, lastError: null };
    expect(exitProblem({ ...base, lastExit: { code: 1, signal: null, at, expected: false } })).toBe(
      `crashed with exit code 1 at ${at}`,
    );
    expect(exitProblem({ ...base, lastExit: { code: 0, signal: null, at, expected: true } })).toBe(
      `stopped by an operator at ${at}`,
    );
    expect(
      exitProblem({ ...base, lastExit: { code: null, signal: "SIGKILL", at, expected: true } }),
    ).toBe(`killed (SIGKILL) by an operator at ${at}`);
    expect(exitProblem({ ...base, lastExit: null, lastError: "port 9100 is in use" })).toBe(
      "failed to start: port 9100 is in use",
    );
    expect(exitProblem({ ...base, lastExit: null })).toBe("not started");
  });

  it("is unknown with the last metrics, marked stale, when the host cannot be asked", () => {
    const first = poll(online("2026-01-01T10:01:00.000Z"));
    const { summary } = summarizeUnknown(
      host,
      definition,
      first,
      "host unreachable: connection refused",
    );
    RealmSummarySchema.parse(summary);
    expect(summary).toMatchObject({
      status: "unknown",
      processState: null,
      stale: true,
      lastSeen: "2026-01-01T10:01:00.000Z",
      problem: "host unreachable: connection refused",
    });
    expect(summary.metrics).toEqual(first.summary.metrics);
  });

  it("advertises the host's own address for a realm bound to every interface", () => {
    const view = summarizeMonitor(
      host,
      { ...definition, bindHost: "0.0.0.0" },
      online("2026-01-01T10:01:00.000Z"),
      undefined,
      new Date(),
    );
    expect(view.summary.rnames).toEqual(["nsp://10.0.0.5:9100", "nhp://10.0.0.5:9101"]);
  });
});
