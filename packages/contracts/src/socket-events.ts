import { z } from "zod";
import { RealmNameSchema, RealmStatusSchema, RealmSummarySchema } from "./realm.js";

/** The socket.io namespace of the live feed. */
export const LIVE_NAMESPACE = "/live";

/** Topics a browser can subscribe to; the server only pushes what someone watches. */
export const LiveTopicSchema = z.enum(["realms"]);
export type LiveTopic = z.infer<typeof LiveTopicSchema>;

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

/** Events the server emits to browsers (socket.io typed event map). */
export interface ServerToClientEvents {
  "realm:state": (event: RealmStateEvent) => void;
  "realms:snapshot": (event: RealmsSnapshotEvent) => void;
  "realm:removed": (event: { name: string }) => void;
}

/** Events browsers emit to the server; payloads are still parsed on arrival. */
export interface ClientToServerEvents {
  subscribe: (topic: LiveTopic, ack: (result: SubscribeAck) => void) => void;
  unsubscribe: (topic: LiveTopic) => void;
}
