import type { RealmJetStreamView, RealmMonitor, RealmSample } from "@em/contracts";
import { z } from "zod";

/** @default 600 */
export const DEFAULT_SAMPLE_TIMEOUT_MS = 600;

export type SampleProblem = NonNullable<RealmMonitor["problem"]>;
export type SampleResult =
  { sample: RealmSample; problem: null } | { sample: null; problem: SampleProblem };

/** The parts of nats-server's `/varz` a sample is made of. */
const VarzSchema = z.object({
  server_name: z.string(),
  version: z.string(),
  start: z.string(),
  connections: z.number(),
  total_connections: z.number(),
  in_msgs: z.number(),
  out_msgs: z.number(),
  in_bytes: z.number(),
  out_bytes: z.number(),
  mem: z.number(),
  cpu: z.number(),
  jetstream: z.object({ stats: z.object({ storage: z.number() }).optional() }).optional(),
});

/** The parts of nats-server's `/jsz` a sample's JetStream view is made of. */
const JszSchema = z.object({
  streams: z.number().optional(),
  consumers: z.number().optional(),
  messages: z.number().optional(),
  // Absent on a standalone realm.
  meta_cluster: z
    .object({
      name: z.string().optional(),
      leader: z.string().optional(),
      cluster_size: z.number().optional(),
      // The other members; nats-server omits false, zero and empty fields.
      replicas: z
        .array(
          z.object({
            name: z.string(),
            current: z.boolean().optional(),
            offline: z.boolean().optional(),
            active: z.number().optional(),
            lag: z.number().optional(),
          }),
        )
        .optional(),
    })
    .optional(),
});

const NANOS_PER_MS = 1_000_000;

/** A realm's JetStream view from its `/jsz` answer; null when it is not one. */
export function jetStreamView(body: unknown): RealmJetStreamView | null {
  const parsed = JszSchema.safeParse(body);
  if (!parsed.success) return null;
  const { streams, consumers, messages, meta_cluster: meta } = parsed.data;
  return {
    streams: streams ?? 0,
    consumers: consumers ?? 0,
    messages: messages ?? 0,
    clusterName: meta?.name ?? null,
    metaLeader: meta?.leader || null,
    clusterSize: meta?.cluster_size ?? null,
    peers: (meta?.replicas ?? []).map((peer) => ({
      name: peer.name,
      current: peer.current ?? false,
      offline: peer.offline ?? false,
      lastActiveMs: peer.active === undefined ? null : Math.round(peer.active / NANOS_PER_MS),
      lagOps: peer.lag ?? 0,
    })),
  };
}

function errorCode(error: unknown): string | undefined {
  // undici wraps the socket error: TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } }).
  const cause = (error as { cause?: { code?: unknown } }).cause;
  return typeof cause?.code === "string" ? cause.code : undefined;
}

/**
 * One sample of a realm's counters from its loopback monitoring port: `/varz` and `/jsz`, read
 * together within one `timeoutMs`. A paused realm's kernel still accepts the connection but
 * nobody answers, and one frozen realm must never slow down the pages that show the others.
 * `/varz` makes the sample; a `/jsz` that fails only leaves `jetstream` null.
 */
export async function sampleRealm(
  monitorPort: number,
  timeoutMs = DEFAULT_SAMPLE_TIMEOUT_MS,
  now: () => Date = () => new Date(),
): Promise<SampleResult> {
  const signal = AbortSignal.timeout(timeoutMs);
  const jetstream = readJson(`http://127.0.0.1:${monitorPort}/jsz`, signal).then(
    jetStreamView,
    () => null,
  );
  const url = `http://127.0.0.1:${monitorPort}/varz`;
  let body: unknown;
  try {
    const response = await fetch(url, { signal });
    if (!response.ok) {
      return fail("error", `monitoring endpoint answered ${response.status}`);
    }
    body = await response.json();
  } catch (error) {
    if (
      error instanceof DOMException &&
      (error.name === "TimeoutError" || error.name === "AbortError")
    ) {
      return fail(
        "timeout",
        `the realm did not answer within ${timeoutMs} ms (paused or overloaded)`,
      );
    }
    if (errorCode(error) === "ECONNREFUSED") {
      return fail("refused", `nothing listens on monitoring port ${monitorPort}`);
    }
    return fail("error", `could not read ${url}: ${(error as Error).message}`);
  }
  const varz = VarzSchema.safeParse(body);
  if (!varz.success) return fail("error", `unexpected /varz answer: ${varz.error.message}`);
  const v = varz.data;
  const startedAt = new Date(v.start);
  if (Number.isNaN(startedAt.getTime()))
    return fail("error", `unexpected /varz start time: ${v.start}`);
  return {
    problem: null,
    sample: {
      serverName: v.server_name,
      version: v.version,
      startedAt: startedAt.toISOString(),
      sampledAt: now().toISOString(),
      connections: v.connections,
      totalConnections: v.total_connections,
      inMsgs: v.in_msgs,
      outMsgs: v.out_msgs,
      inBytes: v.in_bytes,
      outBytes: v.out_bytes,
      memBytes: v.mem,
      cpuPercent: v.cpu,
      storageBytes: v.jetstream?.stats?.storage ?? 0,
      jetstream: await jetstream,
    },
  };
}

async function readJson(url: string, signal: AbortSignal): Promise<unknown> {
  const response = await fetch(url, { signal });
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`${url} answered ${response.status}`);
  }
  return response.json();
}

function fail(kind: SampleProblem["kind"], message: string): SampleResult {
  return { sample: null, problem: { kind, message } };
}
