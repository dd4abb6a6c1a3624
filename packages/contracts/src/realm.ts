import { z } from "zod";

/**
 * A realm name: a letter, then letters, digits, `-` or `_`; at most 64 characters.
 * It is the realm's `server_name`, part of its `realm:<name>` tag and of its data folder,
 * so it is kept to characters that are safe in all three.
 * @example "realm1"
 */
export const RealmNameSchema = z
  .string()
  .regex(
    /^[A-Za-z][A-Za-z0-9_-]{0,63}$/,
    "a realm name starts with a letter and has at most 64 letters, digits, '-' or '_'",
  );
export type RealmName = z.infer<typeof RealmNameSchema>;

/** A TCP port a realm listens on (1024–65535: realms never need privileged ports). */
export const PortSchema = z
  .number()
  .int("a port is a whole number")
  .min(1024, "ports below 1024 are privileged; choose 1024-65535")
  .max(65535, "a port is at most 65535");

/** UM interface protocols: `nsp` (NATS TCP), `nhp` (NATS WebSocket), and their TLS forms. */
export const InterfaceProtocolSchema = z.enum(["nsp", "nhp", "nsps", "nhps"]);
export type InterfaceProtocol = z.infer<typeof InterfaceProtocolSchema>;

/** One way clients reach a realm, with its RNAME (`nsp://127.0.0.1:9000`). */
export const RealmInterfaceSchema = z.object({
  protocol: InterfaceProtocolSchema,
  host: z.string(),
  port: PortSchema,
  rname: z.string(),
});
export type RealmInterface = z.infer<typeof RealmInterfaceSchema>;

/** Formats a UM RNAME: `nsp://127.0.0.1:9000`. */
export function formatRname(protocol: InterfaceProtocol, host: string, port: number): string {
  const bracketed = host.includes(":") ? `[${host}]` : host;
  return `${protocol}://${bracketed}:${port}`;
}

/**
 * What the supervising daemon knows of a realm's process.
 * `crashed`: it exited without being asked to; realmd reports it and does not restart it.
 */
export const RealmProcessStateSchema = z.enum([
  "starting",
  "running",
  "paused",
  "stopping",
  "stopped",
  "crashed",
]);
export type RealmProcessState = z.infer<typeof RealmProcessStateSchema>;

/**
 * How a realm looks from the console:
 * - `online`: its process runs and its monitoring endpoint answered in time;
 * - `unresponsive`: its process exists but did not answer in time (paused, overloaded);
 * - `offline`: its process is not running (stopped, killed, crashed);
 * - `unknown`: its host could not be asked.
 */
export const RealmStatusSchema = z.enum(["online", "offline", "unresponsive", "unknown"]);
export type RealmStatus = z.infer<typeof RealmStatusSchema>;

/** Actions an operator can take on a realm's process. */
export const RealmActionSchema = z.enum(["start", "stop", "kill", "pause", "resume", "restart"]);
export type RealmAction = z.infer<typeof RealmActionSchema>;

/** A counter and its rate per second, computed on the server from two samples. */
export const CounterSchema = z.object({
  total: z.number().nonnegative(),
  perSecond: z.number().nonnegative().nullable().describe("null until two samples exist"),
});
export type Counter = z.infer<typeof CounterSchema>;

/** Live metrics of a realm, from its last successful sample. */
export const RealmMetricsSchema = z.object({
  connections: z.number().int().nonnegative(),
  totalConnections: z.number().int().nonnegative(),
  messagesIn: CounterSchema,
  messagesOut: CounterSchema,
  bytesIn: CounterSchema,
  bytesOut: CounterSchema,
  memoryBytes: z.number().nonnegative(),
  cpuPercent: z.number().nonnegative(),
  storageBytes: z.number().nonnegative().describe("JetStream file storage used"),
});
export type RealmMetrics = z.infer<typeof RealmMetricsSchema>;

/** A realm as the admin API shows it: where it lives, its live state and metrics. */
export const RealmSummarySchema = z.object({
  name: RealmNameSchema,
  hostId: z.string(),
  hostName: z.string(),
  status: RealmStatusSchema,
  processState: RealmProcessStateSchema.nullable().describe("null while the host is unknown"),
  version: z.string().nullable(),
  startedAt: z.iso.datetime().nullable(),
  uptimeSeconds: z.number().nonnegative().nullable(),
  interfaces: z.array(RealmInterfaceSchema),
  rnames: z.array(z.string()),
  metrics: RealmMetricsSchema.nullable().describe("null until the realm has answered once"),
  lastSeen: z.iso.datetime().nullable().describe("when the realm last answered"),
  stale: z.boolean().describe("true when metrics are older than the last poll"),
  problem: z.string().nullable().describe("why the realm is not online, for a person"),
});
export type RealmSummary = z.infer<typeof RealmSummarySchema>;

export const RealmListSchema = z.object({ realms: z.array(RealmSummarySchema) });
export type RealmList = z.infer<typeof RealmListSchema>;

/** Create a realm on a registered host. */
export const CreateRealmSchema = z.object({
  hostId: z.string().min(1, "hostId names the registered host to create the realm on"),
  name: RealmNameSchema,
  nspPort: PortSchema.describe("NATS TCP port (nsp interface)"),
  nhpPort: PortSchema.describe("NATS WebSocket port (nhp interface)"),
  monitorPort: PortSchema.describe("Monitoring HTTP port, bound to loopback"),
  nspsPort: PortSchema.optional().describe("NATS TCP over TLS port (nsps interface)"),
  nhpsPort: PortSchema.optional().describe("NATS WebSocket over TLS port (nhps interface)"),
  start: z.boolean().default(true).describe("start the realm once created"),
});
export type CreateRealm = z.infer<typeof CreateRealmSchema>;

export const RealmParamsSchema = z.object({ name: RealmNameSchema });
export const RealmActionParamsSchema = z.object({
  name: RealmNameSchema,
  action: RealmActionSchema,
});
