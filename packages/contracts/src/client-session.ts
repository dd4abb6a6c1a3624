import { z } from "zod";
import { RealmNameSchema } from "./realm.js";

/**
 * Client sessions and connections, as the admin API joins them: the realms' own connect and
 * disconnect events (`$SYS.ACCOUNT.*.CONNECT` / `DISCONNECT`) and the SDK's session reports
 * (`em.session.report`), matched by session name.
 */

/** How a client reached its realm; null when the realm's event did not say. */
export const ClientProtocolSchema = z.enum(["nsp", "nhp", "nsps", "nhps"]);
export type ClientProtocol = z.infer<typeof ClientProtocolSchema>;

export const ClientSessionStateSchema = z.enum(["connected", "disconnected", "closed"]);
export type ClientSessionState = z.infer<typeof ClientSessionStateSchema>;

/** One client session (by name): where it is now and how its failovers went. */
export const ClientSessionSchema = z.object({
  /** The session's name (`createSession({ name })`, or a plain NATS client's name). */
  name: z.string(),
  /** The realm it is connected to now; null while it has none. */
  realm: RealmNameSchema.nullable(),
  protocol: ClientProtocolSchema.nullable(),
  state: ClientSessionStateSchema,
  /** When the session was first seen. */
  since: z.iso.datetime(),
  lastEventAt: z.iso.datetime(),
  failovers: z.number().int().nonnegative(),
  /** The stall of its last failover, in ms; null before any. */
  lastStallMs: z.number().nonnegative().nullable(),
  /** Whether it reported an SDK session (with EIDs, gaps and duplicates) or is a plain client. */
  sdk: z.boolean(),
  /** Summed over its failovers: EIDs skipped and events read twice, as the SDK reported them. */
  lost: z.number().int().nonnegative(),
  duplicated: z.number().int().nonnegative(),
});
export type ClientSession = z.infer<typeof ClientSessionSchema>;

export const SessionListQuerySchema = z.object({
  realm: RealmNameSchema.optional().describe("only sessions on this realm now"),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export type SessionListQuery = z.infer<typeof SessionListQuerySchema>;

export const SessionListSchema = z.object({
  sessions: z.array(ClientSessionSchema),
  /** All sessions known, beyond `limit`. */
  total: z.number().int().nonnegative(),
});
export type SessionList = z.infer<typeof SessionListSchema>;

/** One entry of a session's timeline, oldest first. */
export const SessionTimelineEntrySchema = z.object({
  at: z.iso.datetime(),
  type: z.enum(["connected", "disconnected", "failover", "closed"]),
  /** Where the entry came from: the realm's system event or the SDK's report. */
  source: z.enum(["realm", "sdk"]),
  /** The realm reached (connected, failover) or left (disconnected, closed). */
  realm: RealmNameSchema.nullable(),
  fromRealm: RealmNameSchema.nullable(),
  toRealm: RealmNameSchema.nullable(),
  reason: z.string().nullable(),
  stallMs: z.number().nonnegative().nullable(),
  /** The first EID after the resume, per subscription channel (SDK failovers only). */
  resumeEids: z.record(z.string(), z.number().int().positive()),
  /** Events skipped and events read twice in this failover (SDK failovers only). */
  lost: z.number().int().nonnegative(),
  duplicated: z.number().int().nonnegative(),
});
export type SessionTimelineEntry = z.infer<typeof SessionTimelineEntrySchema>;

export const SessionParamsSchema = z.object({ session: z.string().min(1).max(256) });

export const SessionDetailSchema = z.object({
  session: ClientSessionSchema,
  timeline: z.array(SessionTimelineEntrySchema),
});
export type SessionDetail = z.infer<typeof SessionDetailSchema>;

/** One client connection of a realm, from its monitoring endpoint. */
export const RealmConnectionSchema = z.object({
  cid: z.number().int().nonnegative(),
  name: z.string().nullable(),
  ip: z.string(),
  port: z.number().int().nonnegative(),
  protocol: ClientProtocolSchema.nullable(),
  since: z.iso.datetime(),
  lang: z.string().nullable(),
  version: z.string().nullable(),
  inMsgs: z.number().int().nonnegative(),
  outMsgs: z.number().int().nonnegative(),
  subscriptions: z.number().int().nonnegative(),
  rttMs: z.number().nonnegative().nullable(),
});
export type RealmConnection = z.infer<typeof RealmConnectionSchema>;

export const RealmConnectionsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export const RealmConnectionListSchema = z.object({
  realm: RealmNameSchema,
  connections: z.array(RealmConnectionSchema),
  /** Connections of the realm beyond `limit` included. */
  total: z.number().int().nonnegative(),
});
export type RealmConnectionList = z.infer<typeof RealmConnectionListSchema>;

export const ConnectionParamsSchema = z.object({
  name: RealmNameSchema,
  cid: z.coerce.number().int().nonnegative(),
});

/** The answer to a bounce: the connection was closed and its client goes elsewhere. */
export const BouncedSchema = z.object({
  realm: RealmNameSchema,
  cid: z.number().int().nonnegative(),
  name: z.string().nullable(),
});
export type Bounced = z.infer<typeof BouncedSchema>;

// --- live feed payloads (topic "sessions") ---

export const ConnectionOpenedEventSchema = z.object({
  realm: RealmNameSchema,
  cid: z.number().int().nonnegative(),
  name: z.string().nullable(),
  ip: z.string().nullable(),
  at: z.iso.datetime(),
});
export type ConnectionOpenedEvent = z.infer<typeof ConnectionOpenedEventSchema>;

export const ConnectionClosedEventSchema = ConnectionOpenedEventSchema.extend({
  reason: z.string().nullable(),
});
export type ConnectionClosedEvent = z.infer<typeof ConnectionClosedEventSchema>;

export const SessionFailoverEventSchema = z.object({
  session: z.string(),
  from: RealmNameSchema.nullable(),
  to: RealmNameSchema.nullable(),
  stallMs: z.number().nonnegative().nullable(),
  /** The first EID after the resume, per channel. */
  resumeEid: z.record(z.string(), z.number().int().positive()),
  lost: z.number().int().nonnegative(),
  duplicated: z.number().int().nonnegative(),
  at: z.iso.datetime(),
});
export type SessionFailoverEvent = z.infer<typeof SessionFailoverEventSchema>;

/**
 * Sent instead of single connection events when more arrive in one flush interval than a browser
 * should draw one by one (a realm with thousands of clients dying). Every one is still stored.
 */
export const ConnectionBurstEventSchema = z.object({
  opened: z.number().int().nonnegative(),
  closed: z.number().int().nonnegative(),
  /** Per realm: how many opened and closed in the burst. */
  byRealm: z.record(
    z.string(),
    z.object({ opened: z.number().int().nonnegative(), closed: z.number().int().nonnegative() }),
  ),
  from: z.iso.datetime(),
  to: z.iso.datetime(),
});
export type ConnectionBurstEvent = z.infer<typeof ConnectionBurstEventSchema>;
