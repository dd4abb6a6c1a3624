import { z } from "zod";
import type { Role } from "./auth.js";
import type {
  ConnectionBurstEvent,
  ConnectionClosedEvent,
  ConnectionOpenedEvent,
  SessionFailoverEvent,
} from "./client-session.js";
import { MemberStateSchema, OperationSchema, type Operation } from "./cluster.js";
import type { Drill } from "./drill.js";
import { RealmNameSchema, RealmStatusSchema, RealmSummarySchema } from "./realm.js";

/** The socket.io namespace of the live feed. */
export const LIVE_NAMESPACE = "/live";

/** Topics a browser can subscribe to; the server only pushes what someone watches. */
export const LiveTopicSchema = z.enum(["realms", "clusters", "sessions"]);
export type LiveTopic = z.infer<typeof LiveTopicSchema>;

/**
 * The least role that may subscribe to each topic: the socket side of API_ROUTES' `access`. Every
 * topic only reads (and carries no secret), so viewer, as the matching GET routes.
 */
export const LIVE_TOPIC_ACCESS: Readonly<Record<LiveTopic, Role>> = {
  realms: "viewer",
  clusters: "viewer",
  sessions: "viewer",
};

/** A realm changed status: pushed at once, never dropped. */
export const RealmStateEventSchema = z.object({
  name: RealmNameSchema,
  status: RealmStatusSchema,
  previous: RealmStatusSchema.nullable(),
  at: z.iso.datetime(),
  realm: RealmSummarySchema,
});
export type RealmStateEvent = z.infer<typeof RealmStateEventSchema>;

/** Latest metrics of every realm, about once a second; lossy (latest wins). */
export const RealmsSnapshotEventSchema = z.object({
  at: z.iso.datetime(),
  realms: z.array(RealmSummarySchema),
});
export type RealmsSnapshotEvent = z.infer<typeof RealmsSnapshotEventSchema>;

export const SubscribeAckSchema = z.union([
  z.object({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) }),
]);
export type SubscribeAck = z.infer<typeof SubscribeAckSchema>;

/** Cluster events, mirroring UM's cluster listener; pushed to the "clusters" topic, never dropped. */
export const ClusterMemberEventSchema = z.object({
  cluster: z.string(),
  realm: RealmNameSchema,
  at: z.iso.datetime(),
});
export type ClusterMemberEvent = z.infer<typeof ClusterMemberEventSchema>;

export const QuorumReachedEventSchema = z.object({
  cluster: z.string(),
  master: RealmNameSchema,
  at: z.iso.datetime(),
});
export type QuorumReachedEvent = z.infer<typeof QuorumReachedEventSchema>;

export const QuorumLostEventSchema = z.object({ cluster: z.string(), at: z.iso.datetime() });
export type QuorumLostEvent = z.infer<typeof QuorumLostEventSchema>;

export const MasterChangedEventSchema = z.object({
  cluster: z.string(),
  from: RealmNameSchema.nullable(),
  to: RealmNameSchema.nullable(),
  at: z.iso.datetime(),
});
export type MasterChangedEvent = z.infer<typeof MasterChangedEventSchema>;

export const MemberStateEventSchema = z.object({
  cluster: z.string(),
  realm: RealmNameSchema,
  state: MemberStateSchema,
  at: z.iso.datetime(),
});
export type MemberStateEvent = z.infer<typeof MemberStateEventSchema>;

export { OperationSchema as OperationProgressEventSchema };

/** Events the server emits to browsers (socket.io typed event map). */
export interface ServerToClientEvents {
  "realm:state": (event: RealmStateEvent) => void;
  "realms:snapshot": (event: RealmsSnapshotEvent) => void;
  "realm:removed": (event: { name: string }) => void;
  "cluster:memberAdded": (event: ClusterMemberEvent) => void;
  "cluster:memberRemoved": (event: ClusterMemberEvent) => void;
  "cluster:quorumReached": (event: QuorumReachedEvent) => void;
  "cluster:quorumLost": (event: QuorumLostEvent) => void;
  "cluster:masterChanged": (event: MasterChangedEvent) => void;
  "cluster:memberState": (event: MemberStateEvent) => void;
  /** Every step change of a long-running operation, to everyone watching "clusters". */
  "operation:progress": (event: Operation) => void;
  /** Topic "sessions": a client connected to or disconnected from a realm. */
  "connection:opened": (event: ConnectionOpenedEvent) => void;
  "connection:closed": (event: ConnectionClosedEvent) => void;
  /** Topic "sessions": many connection events at once, summed (each is still stored). */
  "connections:burst": (event: ConnectionBurstEvent) => void;
  /** Topic "sessions": an SDK session reached another realm. */
  "session:failover": (event: SessionFailoverEvent) => void;
  /** Topic "clusters": every step change of a drill, and its report at the end. */
  "drill:progress": (event: Drill) => void;
}

/** Events browsers emit to the server; payloads are still parsed on arrival. */
export interface ClientToServerEvents {
  subscribe: (topic: LiveTopic, ack: (result: SubscribeAck) => void) => void;
  unsubscribe: (topic: LiveTopic) => void;
}
