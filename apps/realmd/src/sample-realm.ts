import type { RealmMonitor, RealmSample } from "@em/contracts";
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

function errorCode(error: unknown): string | undefined {
  // undici wraps the socket error: TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } }).
  const cause = (error as { cause?: { code?: unknown } }).cause;
  return typeof cause?.code === "string" ? cause.code : undefined;
}

/**
 * One sample of a realm's counters from its loopback monitoring port. Bounded by `timeoutMs`:
 * a paused realm's kernel still accepts the connection but nobody answers, and one frozen realm
 * must never slow down the pages that show the others.
 */
export async function sampleRealm(
  monitorPort: number,
  timeoutMs = DEFAULT_SAMPLE_TIMEOUT_MS,
  now: () => Date = () => new Date(),
): Promise<SampleResult> {
  const url = `http://127.0.0.1:${monitorPort}/varz`;
  let body: unknown;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
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
    },
  };
}

function fail(kind: SampleProblem["kind"], message: string): SampleResult {
  return { sample: null, problem: { kind, message } };
}
