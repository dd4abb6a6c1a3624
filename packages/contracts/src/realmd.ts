import { z } from "zod";
import { PortSchema, RealmNameSchema, RealmProcessStateSchema } from "./realm.js";

/**
 * Wire shapes of realmd's control API (`/v1/...`), spoken between admin-api and realmd.
 * Every request carries `Authorization: Bearer <token>`. Errors use {@link ApiErrorBodySchema}.
 */

/** How a realm's process last ended. `expected`: an operator asked for it. */
export const RealmExitSchema = z.object({
  code: z.number().int().nullable(),
  signal: z.string().nullable(),
  at: z.iso.datetime(),
  expected: z.boolean(),
});
export type RealmExit = z.infer<typeof RealmExitSchema>;

export const RealmProcessSchema = z.object({
  state: RealmProcessStateSchema,
  pid: z.number().int().nullable(),
  startedAt: z.iso.datetime().nullable(),
  lastExit: RealmExitSchema.nullable(),
  lastError: z.string().nullable().describe("why the last start failed, for a person"),
});
export type RealmProcess = z.infer<typeof RealmProcessSchema>;

/** A realm as realmd defines and supervises it. Credentials never appear here. */
export const HostedRealmSchema = z.object({
  name: RealmNameSchema,
  bindHost: z.string().describe("address the client interfaces listen on"),
  ports: z.object({ nsp: PortSchema, nhp: PortSchema, monitor: PortSchema }),
  dataDir: z.string(),
  desiredState: z.enum(["running", "stopped"]),
  process: RealmProcessSchema,
});
export type HostedRealm = z.infer<typeof HostedRealmSchema>;

export const HostedRealmListSchema = z.object({ realms: z.array(HostedRealmSchema) });
export type HostedRealmList = z.infer<typeof HostedRealmListSchema>;

export const CreateHostedRealmSchema = z.object({
  name: RealmNameSchema,
  nspPort: PortSchema,
  nhpPort: PortSchema,
  monitorPort: PortSchema,
  bindHost: z.string().default("127.0.0.1"),
  start: z.boolean().default(true),
});
export type CreateHostedRealm = z.infer<typeof CreateHostedRealmSchema>;

/** One sample of a realm's own counters, normalised from its monitoring endpoints. */
export const RealmSampleSchema = z.object({
  serverName: z.string(),
  version: z.string(),
  startedAt: z.iso.datetime(),
  sampledAt: z.iso.datetime(),
  connections: z.number().int().nonnegative(),
  totalConnections: z.number().int().nonnegative(),
  inMsgs: z.number().nonnegative(),
  outMsgs: z.number().nonnegative(),
  inBytes: z.number().nonnegative(),
  outBytes: z.number().nonnegative(),
  memBytes: z.number().nonnegative(),
  cpuPercent: z.number().nonnegative(),
  storageBytes: z.number().nonnegative(),
});
export type RealmSample = z.infer<typeof RealmSampleSchema>;

/**
 * Answer of `GET /v1/realms/:name/monitor`: the process as supervised, and either a
 * sample or why none could be taken (`timeout` for a realm that did not answer in time).
 */
export const RealmMonitorSchema = z.object({
  process: RealmProcessSchema,
  sample: RealmSampleSchema.nullable(),
  problem: z
    .object({ kind: z.enum(["timeout", "refused", "not-running", "error"]), message: z.string() })
    .nullable(),
});
export type RealmMonitor = z.infer<typeof RealmMonitorSchema>;

export const RealmdHealthSchema = z.object({
  status: z.literal("ok"),
  version: z.string(),
  hostname: z.string(),
  realmCount: z.number().int().nonnegative(),
  engine: z.object({ path: z.string().nullable(), version: z.string().nullable() }),
});
export type RealmdHealth = z.infer<typeof RealmdHealthSchema>;

/** realmd's control API paths. */
export const REALMD_PATHS = {
  health: "/v1/health",
  realms: "/v1/realms",
  realm: (name: string) => `/v1/realms/${encodeURIComponent(name)}`,
  realmAction: (name: string, action: string) =>
    `/v1/realms/${encodeURIComponent(name)}/actions/${encodeURIComponent(action)}`,
  realmMonitor: (name: string) => `/v1/realms/${encodeURIComponent(name)}/monitor`,
} as const;
