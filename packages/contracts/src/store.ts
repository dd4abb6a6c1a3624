import { z } from "zod";
import { ClusterNameSchema } from "./cluster-name.js";
import { RealmNameSchema } from "./realm.js";
import { StoreNameSchema } from "./store-name.js";

/** A channel (pub/sub, every subscriber sees every event) or a queue (each event consumed once). */
export const StoreKindSchema = z.enum(["channel", "queue"]);
export type StoreKind = z.infer<typeof StoreKindSchema>;

/**
 * UM's store types and what each becomes (README, "Channels and queues"):
 * - `persistent`: file storage; every event on disk, synced before it is acknowledged.
 * - `mixed`: file storage too — the engine has no per-event choice, so the durable one is kept.
 * - `reliable`: file storage as well: UM keeps reliable events in memory but never reuses an
 *   EID after a restart, and only file storage keeps the EID sequence through a restart.
 * - `simple`: memory storage; events and EIDs start again after a restart, as in UM. Realm-local only.
 * - `transient`: no events kept at all; refused: neither UM clusters nor this engine keep them.
 */
export const StoreTypeSchema = z.enum(["persistent", "reliable", "mixed", "simple", "transient"]);
export type StoreType = z.infer<typeof StoreTypeSchema>;

/** Where a store lives: replicated on a cluster, or on one realm only. */
export const StoreScopeSchema = z.enum(["cluster", "local"]);
export type StoreScope = z.infer<typeof StoreScopeSchema>;

/** UM's largest capacity; 0 means unlimited. */
export const CAPACITY_MAX = 2_147_483_646;
/** The engine's largest replica count. */
export const REPLICAS_MAX = 5;
/** The shortest TTL other than 0 (forever): the engine refuses a shorter max age. */
const TTL_MIN_MS = 100;
/** 100 years: a TTL beyond it is a typo, not a retention policy. */
export const TTL_MAX_MS = 100 * 365 * 24 * 3_600_000;

/**
 * Why `type` is refused for a store of `scope`, or undefined when it is allowed. Shared so the
 * console's form says the same as the API.
 */
export function storeTypeRefusal(scope: StoreScope, type: StoreType): string | undefined {
  if (type === "transient")
    return "transient stores keep no events and are not supported; use simple (realm-local) or reliable";
  if (type === "simple" && scope === "cluster")
    return "simple stores cannot be clustered (UM refuses them): use reliable, persistent or mixed";
  return undefined;
}

const TtlSchema = z
  .number()
  .int("ttlMs is a whole number of milliseconds")
  .min(0, "ttlMs is 0 (keep forever) or more")
  .max(TTL_MAX_MS, "ttlMs is at most 100 years")
  // The engine's shortest max age: below it a create or update is refused.
  .refine(
    (ms) => ms === 0 || ms >= TTL_MIN_MS,
    `ttlMs is 0 (keep forever) or at least ${TTL_MIN_MS}`,
  );
const CapacitySchema = z
  .number()
  .int("capacity is a whole number of events")
  .min(0, "capacity is 0 (unlimited) or more")
  .max(CAPACITY_MAX, `capacity is at most ${CAPACITY_MAX}`);
const ReplicasSchema = z
  .number()
  .int()
  .min(1, "replicas is at least 1")
  .max(REPLICAS_MAX, `replicas is at most ${REPLICAS_MAX}`);
export const EidSchema = z.number().int().min(1, "an EID is 1 or more");

/** `POST .../channels` and `.../queues`. */
export const CreateStoreSchema = z.strictObject({
  name: StoreNameSchema,
  type: StoreTypeSchema.default("persistent"),
  ttlMs: TtlSchema.default(0).describe("how long an event is kept; 0 = forever"),
  capacity: CapacitySchema.default(0).describe("most events kept; 0 = unlimited"),
  honourCapacity: z
    .boolean()
    .default(false)
    .describe("true: when full, publishes are refused; false: the oldest event goes"),
  replicas: ReplicasSchema.optional().describe(
    "cluster stores: default every member, at most 5; realm-local stores always have 1",
  ),
  startEid: EidSchema.optional().describe("the first event's EID; default 1"),
});
export type CreateStore = z.infer<typeof CreateStoreSchema>;

/** `PATCH .../channels/:channel`: the attributes that can change on a live store. */
export const UpdateStoreSchema = z
  .strictObject({
    ttlMs: TtlSchema.optional(),
    capacity: CapacitySchema.optional(),
    honourCapacity: z.boolean().optional(),
    replicas: ReplicasSchema.optional(),
  })
  .refine((update) => Object.values(update).some((value) => value !== undefined), {
    message: "send at least one of ttlMs, capacity, honourCapacity, replicas",
  });
export type UpdateStore = z.infer<typeof UpdateStoreSchema>;

/** How a store's replicas are doing, in one word for the table. */
export const ReplicaHealthSchema = z.enum(["ok", "lagging", "no-leader", "unknown"]);
export type ReplicaHealth = z.infer<typeof ReplicaHealthSchema>;

export const StoreSummarySchema = z.object({
  name: StoreNameSchema,
  kind: StoreKindSchema,
  scope: StoreScopeSchema,
  /** The cluster of a cluster store; null for a realm-local one. */
  cluster: ClusterNameSchema.nullable(),
  /** The realm a realm-local store is pinned to; null for a cluster store. */
  realm: RealmNameSchema.nullable(),
  type: StoreTypeSchema,
  ttlMs: z.number().int().nonnegative(),
  capacity: z.number().int().nonnegative(),
  honourCapacity: z.boolean(),
  replicas: z.number().int().positive(),
  events: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  /** 0 when the store holds no event. */
  firstEid: z.number().int().nonnegative(),
  lastEid: z.number().int().nonnegative(),
  /** Events per second stored over the last poll interval; null until two samples exist. */
  ratePerSecond: z.number().nonnegative().nullable(),
  consumers: z.number().int().nonnegative(),
  replicaHealth: ReplicaHealthSchema,
});
export type StoreSummary = z.infer<typeof StoreSummarySchema>;

export const StoreListSchema = z.object({
  stores: z.array(StoreSummarySchema),
  /** Stores matching the filter, before paging. */
  total: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  limit: z.number().int().positive(),
  /** When the cached list was read from the realms (ISO 8601). */
  updatedAt: z.iso.datetime(),
  /** True when the last refresh failed and this is an older answer. */
  stale: z.boolean(),
});
export type StoreList = z.infer<typeof StoreListSchema>;

const QueryInt = (min: number, max: number) =>
  z.coerce.number().int(`a whole number from ${min} to ${max}`).min(min).max(max);

export const StoreListQuerySchema = z.object({
  prefix: z.string().max(235).optional().describe("only names starting with this, e.g. /eu/"),
  offset: QueryInt(0, 1_000_000).default(0),
  limit: QueryInt(1, 1000).default(200),
});

export const StoreReplicaSchema = z.object({
  realm: z.string(),
  leader: z.boolean(),
  /** Caught up with the leader. */
  current: z.boolean(),
  /** Events behind the leader. */
  lag: z.number().int().nonnegative(),
  /** Milliseconds since the leader last heard from it; null for the leader itself. */
  lastSeenMs: z.number().nonnegative().nullable(),
  offline: z.boolean(),
});
export type StoreReplica = z.infer<typeof StoreReplicaSchema>;

/** A durable subscriber of a channel, or the shared consumer of a queue. */
export const StoreConsumerSchema = z.object({
  name: z.string(),
  /** Events not yet delivered to it. */
  pending: z.number().int().nonnegative(),
  /** Delivered, not yet acknowledged. */
  ackPending: z.number().int().nonnegative(),
  redelivered: z.number().int().nonnegative(),
  /** The EID up to which every event is acknowledged (0: none yet). */
  ackFloorEid: z.number().int().nonnegative(),
  lastDeliveredEid: z.number().int().nonnegative(),
});
export type StoreConsumer = z.infer<typeof StoreConsumerSchema>;

export const StoreDetailSchema = StoreSummarySchema.extend({
  createdAt: z.iso.datetime(),
  leader: z.string().nullable(),
  replicaStates: z.array(StoreReplicaSchema),
  consumerStates: z.array(StoreConsumerSchema),
});
export type StoreDetail = z.infer<typeof StoreDetailSchema>;

export const StoreEventSchema = z.object({
  eid: z.number().int().positive(),
  timestamp: z.iso.datetime(),
  /** Bytes of data. */
  size: z.number().int().nonnegative(),
  tag: z.string().nullable(),
  properties: z.record(z.string(), z.string()),
  /** The data as UTF-8 text when printable, otherwise as hex. */
  data: z.string(),
  encoding: z.enum(["text", "hex"]),
});
export type StoreEvent = z.infer<typeof StoreEventSchema>;

export const StoreEventsQuerySchema = z.object({
  fromEid: QueryInt(1, Number.MAX_SAFE_INTEGER)
    .optional()
    .describe("first EID of the page; default: the newest page"),
  toEid: QueryInt(1, Number.MAX_SAFE_INTEGER).optional().describe("last EID of the page"),
  limit: QueryInt(1, 500).default(50),
});

/** A page of events in EID order; reading it consumes nothing. */
export const StoreEventPageSchema = z.object({
  events: z.array(StoreEventSchema),
  /** The store's first and last EID now (0 when empty). */
  firstEid: z.number().int().nonnegative(),
  lastEid: z.number().int().nonnegative(),
  /** `fromEid` of the next (newer) page, null at the end. */
  nextEid: z.number().int().positive().nullable(),
  /** `fromEid` of the previous (older) page, null at the start. */
  previousEid: z.number().int().positive().nullable(),
});
export type StoreEventPage = z.infer<typeof StoreEventPageSchema>;

/** A property name: a header token, not one of the engine's or ours. */
export const PropertyNameSchema = z
  .string()
  .regex(
    /^[A-Za-z][A-Za-z0-9_-]{0,63}$/,
    "a property name starts with a letter and has at most 64 letters, digits, '-' or '_'",
  )
  .refine(
    (key) => !/^(nats|um)-/i.test(key),
    "property names starting with Nats- or Um- are reserved",
  );

/** Properties and the tag travel as message headers, which are one line each. */
const OneLineSchema = z
  .string()
  .regex(/^[^\r\n]*$/, "no line breaks: it travels as one header line");

/** 1 MiB: the engine's default largest message. */
export const EVENT_DATA_MAX = 1_048_576;

/** The id that makes a retried publish stored once: letters, digits, `-`, `_`, at most 64. */
export const EventIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, "an eventId has 1 to 64 letters, digits, '-' or '_'");

export const PublishEventSchema = z.strictObject({
  data: z.string().max(EVENT_DATA_MAX, "data is at most 1 MiB"),
  encoding: z.enum(["text", "hex"]).default("text"),
  properties: z
    .record(
      PropertyNameSchema,
      OneLineSchema.max(4096, "a property value is at most 4096 characters"),
    )
    .default({}),
  tag: OneLineSchema.max(256, "a tag is at most 256 characters").optional(),
  eventId: EventIdSchema.optional().describe(
    "a stable id for retries: the same id within the dedupe window (2 min, or the TTL if shorter) is stored once; default a new id",
  ),
});
export type PublishEvent = z.infer<typeof PublishEventSchema>;

export const PublishedEventSchema = z.object({
  eid: z.number().int().positive(),
  eventId: EventIdSchema,
  /** True when an event of this id was already stored: `eid` is that event's, nothing new stored. */
  duplicate: z.boolean(),
});
export type PublishedEvent = z.infer<typeof PublishedEventSchema>;

export const PurgeStoreSchema = z.strictObject({
  upToEid: EidSchema.optional().describe("purge events with EID ≤ this; default all"),
});
export const PurgedSchema = z.object({ purged: z.number().int().nonnegative() });

export const ClusterChannelParamsSchema = z.object({
  name: ClusterNameSchema,
  channel: StoreNameSchema,
});
export const ClusterQueueParamsSchema = z.object({
  name: ClusterNameSchema,
  queue: StoreNameSchema,
});
export const RealmChannelParamsSchema = z.object({
  name: RealmNameSchema,
  channel: StoreNameSchema,
});
export const RealmQueueParamsSchema = z.object({ name: RealmNameSchema, queue: StoreNameSchema });
