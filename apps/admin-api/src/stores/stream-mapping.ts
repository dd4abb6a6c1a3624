import type { StreamConfig, StreamInfo } from "@nats-io/jetstream";
import {
  STORE_METADATA,
  StoreNameSchema,
  StoreTypeSchema,
  storeNameFromStream,
  subjectFor,
  type ReplicaHealth,
  type StoreKind,
  type StoreReplica,
  type StoreType,
} from "@em/contracts";

/**
 * How UM stores map onto JetStream streams and back (DESIGN.md, "The engine"). Pure functions:
 * the one place that knows both vocabularies, so everything above it speaks UM only.
 */

/** The server tag every realm carries, which pins a realm-local store to it. */
export const REALM_TAG_PREFIX = "realm:";

const NANOS_PER_MS = 1_000_000;

/** @default 120000 — the engine's default window in which a retried publish is stored once. */
const DEDUPE_WINDOW_MS = 120_000;

/** The UM attributes a store is created with. */
export interface StoreAttributes {
  type: StoreType;
  ttlMs: number;
  capacity: number;
  honourCapacity: boolean;
  replicas: number;
  startEid?: number | undefined;
}

/** What a stream is, seen as a UM store. */
export interface EngineStore {
  name: string;
  /** The stream holding it: `UM_…` for ours, the stream's own name for an adopted one. */
  stream: string;
  /** Where test events are published; null when the stream has only wildcard subjects. */
  subject: string | null;
  kind: StoreKind;
  type: StoreType;
  ttlMs: number;
  capacity: number;
  honourCapacity: boolean;
  replicas: number;
  /** The realm a realm-local store is pinned to; null when it is not pinned. */
  pinnedRealm: string | null;
  events: number;
  bytes: number;
  firstEid: number;
  lastEid: number;
  consumers: number;
  createdAt: string;
  leader: string | null;
  replicaStates: StoreReplica[];
  replicaHealth: ReplicaHealth;
}

/** The stream definition of a new store; `pinnedRealm` pins it (R1) to one realm of a cluster. */
export function streamConfigFor(
  name: string,
  kind: StoreKind,
  attributes: StoreAttributes,
  stream: string,
  pinnedRealm: string | undefined,
): Partial<StreamConfig> & { name: string } {
  return {
    name: stream,
    subjects: [subjectFor(name)],
    storage: attributes.type === "simple" ? "memory" : "file",
    retention: kind === "queue" ? "workqueue" : "limits",
    num_replicas: attributes.replicas,
    ...limitsFor(attributes),
    // Snoop reads by sequence from any replica, so it works while a leader is being elected.
    allow_direct: true,
    ...(attributes.startEid !== undefined ? { first_seq: attributes.startEid } : {}),
    ...(pinnedRealm ? { placement: { tags: [REALM_TAG_PREFIX + pinnedRealm] } } : {}),
    metadata: {
      [STORE_METADATA.name]: name,
      [STORE_METADATA.kind]: kind,
      [STORE_METADATA.type]: attributes.type,
      [STORE_METADATA.honourCapacity]: String(attributes.honourCapacity),
    },
  } as Partial<StreamConfig> & { name: string };
}

/** TTL, capacity and what happens when full, as stream limits. */
export function limitsFor(
  attributes: Pick<StoreAttributes, "ttlMs" | "capacity" | "honourCapacity">,
): Pick<StreamConfig, "max_age" | "max_msgs" | "discard" | "duplicate_window"> {
  // The engine refuses a dedupe window longer than the TTL (checked on update too, where it
  // would otherwise keep the old window): shorten it with the TTL.
  const dedupeMs =
    attributes.ttlMs > 0 ? Math.min(DEDUPE_WINDOW_MS, attributes.ttlMs) : DEDUPE_WINDOW_MS;
  return {
    max_age: attributes.ttlMs * NANOS_PER_MS,
    duplicate_window: dedupeMs * NANOS_PER_MS,
    max_msgs: attributes.capacity === 0 ? -1 : attributes.capacity,
    // Discard new refuses the publish when full (UM honour capacity); old drops the oldest event.
    discard: attributes.honourCapacity ? "new" : "old",
  };
}

/** Streams the engine makes for key-value and object stores: never shown as channels. */
function isInternalStream(stream: string): boolean {
  return stream.startsWith("KV_") || stream.startsWith("OBJ_");
}

/** The UM name of a stream, or undefined when the stream is not a store we can show. */
export function storeNameOf(config: Pick<StreamConfig, "name" | "metadata">): string | undefined {
  if (isInternalStream(config.name)) return undefined;
  const kept = config.metadata?.[STORE_METADATA.name];
  if (kept !== undefined && StoreNameSchema.safeParse(kept).success) return kept;
  const ours = storeNameFromStream(config.name);
  if (ours !== undefined) return ours;
  // A stream made elsewhere (e.g. adopted from a standalone realm) whose name is a UM name.
  return StoreNameSchema.safeParse(config.name).success ? config.name : undefined;
}

/** The realm a stream is pinned to by its placement tag, or null. */
export function pinnedRealmOf(config: Pick<StreamConfig, "placement">): string | null {
  const tag = config.placement?.tags?.find((t) => t.startsWith(REALM_TAG_PREFIX));
  return tag ? tag.slice(REALM_TAG_PREFIX.length) : null;
}

function kindOf(config: StreamConfig): StoreKind {
  const kept = config.metadata?.[STORE_METADATA.kind];
  if (kept === "channel" || kept === "queue") return kept;
  return config.retention === "workqueue" ? "queue" : "channel";
}

function typeOf(config: StreamConfig): StoreType {
  const kept = StoreTypeSchema.safeParse(config.metadata?.[STORE_METADATA.type]);
  const fromStorage = config.storage === "memory" ? "simple" : "persistent";
  // The storage is the truth; the kept type only refines it among the file-backed types.
  if (kept.success && (kept.data === "simple") === (fromStorage === "simple")) return kept.data;
  return fromStorage;
}

function publishSubject(name: string, config: StreamConfig): string | null {
  const ours = subjectFor(name);
  if (config.subjects?.includes(ours)) return ours;
  return config.subjects?.find((s) => !s.includes("*") && !s.includes(">")) ?? null;
}

/**
 * Replicas as the stream's leader reports them; `connectedRealm` stands in for a standalone
 * realm, whose streams carry no cluster section.
 */
function replicasOf(info: StreamInfo, connectedRealm: string, clustered: boolean) {
  const cluster = info.cluster;
  if (!clustered) {
    const self = {
      realm: connectedRealm,
      leader: true,
      current: true,
      lag: 0,
      lastSeenMs: null,
      offline: false,
    };
    return { leader: connectedRealm, states: [self], health: "ok" as ReplicaHealth };
  }
  if (!cluster) return { leader: null, states: [], health: "unknown" as ReplicaHealth };
  const leader = cluster.leader ?? null;
  const states: StoreReplica[] = [];
  if (leader)
    states.push({
      realm: leader,
      leader: true,
      current: true,
      lag: 0,
      lastSeenMs: null,
      offline: false,
    });
  for (const peer of cluster.replicas ?? []) {
    states.push({
      realm: peer.name,
      leader: false,
      current: peer.current,
      lag: Math.max(0, peer.lag ?? 0),
      lastSeenMs:
        peer.active === undefined ? null : Math.max(0, Math.round(peer.active / NANOS_PER_MS)),
      offline: peer.offline ?? false,
    });
  }
  states.sort((a, b) => a.realm.localeCompare(b.realm));
  let health: ReplicaHealth = "ok";
  if (!leader) health = "no-leader";
  else if (states.some((s) => s.offline || !s.current)) health = "lagging";
  return { leader, states, health };
}

/** The UM view of a stream, or undefined when the stream is not a store. */
export function storeFromStream(
  info: StreamInfo,
  connectedRealm: string,
  clustered: boolean,
): EngineStore | undefined {
  const { config, state } = info;
  const name = storeNameOf(config);
  if (name === undefined) return undefined;
  const replicas = replicasOf(info, connectedRealm, clustered);
  return {
    name,
    stream: config.name,
    subject: publishSubject(name, config),
    kind: kindOf(config),
    type: typeOf(config),
    ttlMs: Math.round((config.max_age ?? 0) / NANOS_PER_MS),
    capacity: config.max_msgs > 0 ? config.max_msgs : 0,
    honourCapacity: config.discard === "new",
    replicas: config.num_replicas || 1,
    pinnedRealm: pinnedRealmOf(config),
    events: state.messages,
    bytes: state.bytes,
    // An empty stream reports first = last + 1; UM shows 0 for "no event".
    firstEid: state.messages === 0 ? 0 : state.first_seq,
    lastEid: state.last_seq,
    consumers: state.consumer_count,
    createdAt: new Date(info.created).toISOString(),
    leader: replicas.leader,
    replicaStates: replicas.states,
    replicaHealth: replicas.health,
  };
}
