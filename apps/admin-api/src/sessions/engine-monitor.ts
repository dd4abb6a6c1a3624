import { z } from "zod";
import type { RealmConnection } from "@em/contracts";
import { isAdminConnection, isoTime, protocolOf } from "./connection-event.js";

/** One connection of nats-server's CONNZ answer (the monitoring `/connz` shape), as far as read. */
export const ConnzConnectionSchema = z.object({
  cid: z.number().int().nonnegative(),
  kind: z.string().optional(),
  type: z.string().optional(),
  ip: z.string().default(""),
  port: z.number().int().nonnegative().default(0),
  start: z.string(),
  rtt: z.string().optional(),
  in_msgs: z.number().nonnegative().default(0),
  out_msgs: z.number().nonnegative().default(0),
  subscriptions: z.number().int().nonnegative().default(0),
  name: z.string().optional(),
  lang: z.string().optional(),
  version: z.string().optional(),
  tls_version: z.string().optional(),
});
export type ConnzConnection = z.infer<typeof ConnzConnectionSchema>;

/** `$SYS.REQ.SERVER.<id>.CONNZ` answers `{ server, data }` or `{ server, error }`. */
export const ConnzAnswerSchema = z.object({
  server: z.object({ id: z.string(), name: z.string() }),
  data: z
    .object({
      now: z.string(),
      total: z.number().int().nonnegative(),
      connections: z.array(ConnzConnectionSchema).default([]),
    })
    .optional(),
  error: z.object({ code: z.number().optional(), description: z.string() }).optional(),
});
export type ConnzAnswer = z.infer<typeof ConnzAnswerSchema>;

const DURATION_UNITS_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
};

/** A Go duration as nats-server prints it (`754µs`, `3.76ms`, `1m2.5s`) in ms; null if not one. */
export function parseGoDurationMs(text: string | undefined): number | null {
  if (!text) return null;
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|μs|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== text) return null;
  return parts.reduce(
    (sum, [, value, unit]) => sum + Number(value) * (DURATION_UNITS_MS[unit ?? ""] ?? 0),
    0,
  );
}

/** A client connection from CONNZ in the console's shape. */
export function toRealmConnection(c: ConnzConnection): RealmConnection {
  return {
    cid: c.cid,
    name: c.name || null,
    ip: c.ip,
    port: c.port,
    protocol: protocolOf(c.type, c.tls_version !== undefined),
    since: isoTime(c.start),
    lang: c.lang ?? null,
    version: c.version ?? null,
    inMsgs: Math.round(c.in_msgs),
    outMsgs: Math.round(c.out_msgs),
    subscriptions: c.subscriptions,
    rttMs: parseGoDurationMs(c.rtt),
  };
}

/** Client connections an operator should see: not routes, not the admin API's own. */
export const isClientConnection = (c: ConnzConnection) =>
  (c.kind === undefined || c.kind === "Client") && !isAdminConnection(c.name);
