import { z } from "zod";
import { ClusterNameSchema } from "./cluster-name.js";
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

/**
 * The cluster membership realmd writes into a realm's config: a `cluster {}` block with this
 * name, listening on `port`, with routes to the other members.
 */
export const RealmClusterConfigSchema = z.object({
  name: ClusterNameSchema,
  port: PortSchema,
  routes: z
    .array(z.string().regex(/^nats-route:\/\/[^\s/]+:\d+$/, "a route is nats-route://host:port"))
    .max(32),
});
export type RealmClusterConfig = z.infer<typeof RealmClusterConfigSchema>;

/** A realm as realmd defines and supervises it. Credentials never appear here. */
export const HostedRealmSchema = z.object({
  name: RealmNameSchema,
  bindHost: z.string().describe("address the client interfaces listen on"),
  ports: z.object({
    nsp: PortSchema,
    nhp: PortSchema,
    monitor: PortSchema,
    cluster: PortSchema.nullable()
      .default(null)
      .describe("route port used when the realm is in a cluster; null until one is chosen"),
    nsps: PortSchema.nullable()
      .default(null)
      .describe("NATS TCP over TLS (nsps interface, TLS from the first byte); null when none"),
    nhps: PortSchema.nullable()
      .default(null)
      .describe("NATS WebSocket over TLS (nhps interface); null when none"),
  }),
  tls: z
    .object({
      certificate: z
        .enum(["generated", "operator"])
        .describe("generated: signed by realmd's local CA; operator: files the operator gave"),
    })
    .nullable()
    .default(null)
    .describe("how the realm's TLS interfaces (nsps, nhps) are certified; null when it has none"),
  dataDir: z.string(),
  desiredState: z.enum(["running", "stopped"]),
  process: RealmProcessSchema,
  cluster: RealmClusterConfigSchema.nullable()
    .default(null)
    .describe("the cluster this realm's config joins; null when standalone"),
});
export type HostedRealm = z.infer<typeof HostedRealmSchema>;

export const HostedRealmListSchema = z.object({ realms: z.array(HostedRealmSchema) });
export type HostedRealmList = z.infer<typeof HostedRealmListSchema>;

/**
 * An operator's certificate for a realm's TLS interfaces: absolute paths on the realm's host,
 * read by realmd. The private key never leaves that host; `caFile` (public) is what realmd hands
 * to clients that ask for the realm's CA.
 */
export const RealmTlsFilesSchema = z.object({
  certFile: z.string().startsWith("/", "certFile is an absolute path on the realm's host"),
  keyFile: z.string().startsWith("/", "keyFile is an absolute path on the realm's host"),
  caFile: z
    .string()
    .startsWith("/", "caFile is an absolute path on the realm's host")
    .optional()
    .describe("the CA that signed certFile, for clients; without it clients use their own trust"),
});
export type RealmTlsFiles = z.infer<typeof RealmTlsFilesSchema>;

export const CreateHostedRealmSchema = z.object({
  name: RealmNameSchema,
  nspPort: PortSchema,
  nhpPort: PortSchema,
  monitorPort: PortSchema,
  clusterPort: PortSchema.optional().describe("route port for when the realm joins a cluster"),
  nspsPort: PortSchema.optional().describe("NATS TCP over TLS port (nsps interface)"),
  nhpsPort: PortSchema.optional().describe("NATS WebSocket over TLS port (nhps interface)"),
  tls: RealmTlsFilesSchema.optional().describe(
    "the operator's certificate for the TLS interfaces; without it realmd generates one",
  ),
  bindHost: z.string().default("127.0.0.1"),
  start: z.boolean().default(true),
});
export type CreateHostedRealm = z.infer<typeof CreateHostedRealmSchema>;

/** One meta-group peer as a realm sees it (from `/jsz` `meta_cluster.replicas`). */
export const MetaPeerViewSchema = z.object({
  name: z.string(),
  current: z.boolean(),
  offline: z.boolean(),
  lastActiveMs: z.number().nonnegative().nullable(),
  lagOps: z.number().nonnegative().nullable(),
});
export type MetaPeerView = z.infer<typeof MetaPeerViewSchema>;

/**
 * A realm's own view of JetStream and its cluster. The master (meta leader) is reliable on the
 * leader itself; followers may lag, which is why the admin API compares every member's view.
 */
export const RealmJetStreamViewSchema = z.object({
  streams: z.number().int().nonnegative(),
  consumers: z.number().int().nonnegative(),
  messages: z.number().nonnegative(),
  clusterName: z.string().nullable(),
  metaLeader: z.string().nullable(),
  clusterSize: z.number().int().nonnegative().nullable(),
  peers: z
    .array(MetaPeerViewSchema)
    .describe(
      "the other meta-group members as the master sees them; empty when standalone and on a " +
        "follower (nats-server 2.10 lists them on the meta leader only)",
    ),
});
export type RealmJetStreamView = z.infer<typeof RealmJetStreamViewSchema>;

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
  jetstream: RealmJetStreamViewSchema.nullable()
    .default(null)
    .describe("the realm's JetStream view (from /jsz); null when it could not be read"),
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

/**
 * Join, change or leave a cluster (`PUT` / `DELETE /v1/realms/:name/cluster`). realmd rewrites
 * the realm's config and restarts it when the cluster block appears, disappears or is renamed
 * (nats-server cannot add one by reload), and reloads it when only routes change.
 */
export const SetRealmClusterSchema = z.object({
  name: ClusterNameSchema,
  port: PortSchema.optional().describe("route port; defaults to the realm's ports.cluster"),
  routes: RealmClusterConfigSchema.shape.routes,
  resetMetaState: z
    .boolean()
    .default(false)
    .describe("delete meta state left from another cluster before (re)starting"),
});
export type SetRealmCluster = z.infer<typeof SetRealmClusterSchema>;

export const LeaveRealmClusterSchema = z.object({
  resetMetaState: z.boolean().default(true),
});
export type LeaveRealmCluster = z.infer<typeof LeaveRealmClusterSchema>;

/**
 * The answer to a cluster change: the realm afterwards and what realmd did to apply it.
 * `saved`: the realm is stopped; the new config is written and takes effect when it starts.
 */
export const RealmClusterChangeSchema = z.object({
  realm: HostedRealmSchema,
  applied: z.enum(["restarted", "reloaded", "unchanged", "saved"]),
});
export type RealmClusterChange = z.infer<typeof RealmClusterChangeSchema>;

/**
 * A realm's server-side credentials, for the admin API's own connections (system account
 * events, JetStream API). Never forwarded to a browser or logged.
 */
export const RealmCredentialsSchema = z.object({
  system: z.object({ user: z.string(), password: z.string() }),
  app: z.object({ user: z.string(), password: z.string() }),
});
export type RealmCredentials = z.infer<typeof RealmCredentialsSchema>;

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
  realmCluster: (name: string) => `/v1/realms/${encodeURIComponent(name)}/cluster`,
  realmCredentials: (name: string) => `/v1/realms/${encodeURIComponent(name)}/credentials`,
  /** The CA certificate (PEM, public) that clients of the realm's TLS interfaces trust. */
  realmCa: (name: string) => `/v1/realms/${encodeURIComponent(name)}/ca.pem`,
} as const;
