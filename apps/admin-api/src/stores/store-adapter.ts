import { randomUUID } from "node:crypto";
import { headers as natsHeaders } from "@nats-io/transport-node";
import type { ConsumerInfo, StoredMsg, StreamInfo } from "@nats-io/jetstream";
import {
  EVENT_HEADERS,
  QUEUE_CONSUMER,
  STORE_METADATA,
  streamNameFor,
  type StoreConsumer,
  type StoreKind,
} from "@em/contracts";
import { ENGINE_CODES, engineCode } from "./engine-errors.js";
import type { RealmConnection } from "./realm-connections.js";
import {
  limitsFor,
  storeFromStream,
  storeNameOf,
  streamConfigFor,
  type EngineStore,
  type StoreAttributes,
} from "./stream-mapping.js";

/**
 * Store operations on one realm connection: the only module that calls the JetStream API.
 * Names in and out are UM names; streams, subjects and headers stay in here.
 */

/** Where the calls go and how to read the answers. */
export interface AdapterTarget {
  connection: RealmConnection;
  /** True when the realm is in a cluster (streams carry replica and leader state). */
  clustered: boolean;
}

/** One event as stored, before it is shown. */
export interface RawEvent {
  eid: number;
  timestamp: string;
  data: Uint8Array;
  tag: string | null;
  properties: Record<string, string>;
}

/** Every store of the account the connection reaches, from one paged listing. */
export async function listStores({ connection, clustered }: AdapterTarget): Promise<EngineStore[]> {
  const stores: EngineStore[] = [];
  for await (const info of connection.jsm.streams.list()) {
    const store = storeFromStream(info, connection.realm, clustered);
    if (store) stores.push(store);
  }
  return stores;
}

async function infoOrUndefined(
  target: AdapterTarget,
  stream: string,
): Promise<StreamInfo | undefined> {
  try {
    return await target.connection.jsm.streams.info(stream);
  } catch (error) {
    if (engineCode(error) === ENGINE_CODES.streamNotFound) return undefined;
    throw error;
  }
}

/**
 * The store named `name`: our stream `UM_…`, or a stream made elsewhere whose own name is the
 * UM name (adopted `orders`). Undefined when neither exists.
 */
export async function findStore(
  target: AdapterTarget,
  name: string,
): Promise<EngineStore | undefined> {
  const candidates = [streamNameFor(name)];
  if (!name.includes("/")) candidates.push(name);
  for (const stream of candidates) {
    const info = await infoOrUndefined(target, stream);
    if (!info || storeNameOf(info.config) !== name) continue;
    return storeFromStream(info, target.connection.realm, target.clustered);
  }
  return undefined;
}

/** Creates the stream of a store and, for a queue, its shared durable consumer. */
export async function createStore(
  target: AdapterTarget,
  name: string,
  kind: StoreKind,
  attributes: StoreAttributes,
  pinnedRealm: string | undefined,
): Promise<EngineStore> {
  const { jsm } = target.connection;
  const stream = streamNameFor(name);
  const info = await jsm.streams.add(streamConfigFor(name, kind, attributes, stream, pinnedRealm));
  if (kind === "queue") {
    try {
      await jsm.consumers.add(stream, {
        durable_name: QUEUE_CONSUMER,
        ack_policy: "explicit",
        description: `the shared consumer of queue ${name}`,
      });
    } catch (error) {
      // A queue without its consumer is not a queue: take the stream away again.
      await jsm.streams.delete(stream).catch(() => undefined);
      throw error;
    }
  }
  const store = storeFromStream(info, target.connection.realm, target.clustered);
  if (!store) throw new Error(`stream ${stream} was created but does not read back as a store`);
  return { ...store, consumers: kind === "queue" ? 1 : 0 };
}

export interface AttributeChange {
  ttlMs?: number | undefined;
  capacity?: number | undefined;
  honourCapacity?: boolean | undefined;
  replicas?: number | undefined;
}

/** Changes a live store's limits or replica count; unchanged attributes keep their values. */
export async function updateStore(
  target: AdapterTarget,
  store: EngineStore,
  change: AttributeChange,
): Promise<EngineStore> {
  const { jsm } = target.connection;
  const current = await jsm.streams.info(store.stream);
  const honourCapacity = change.honourCapacity ?? store.honourCapacity;
  const info = await jsm.streams.update(store.stream, {
    ...limitsFor({
      ttlMs: change.ttlMs ?? store.ttlMs,
      capacity: change.capacity ?? store.capacity,
      honourCapacity,
    }),
    ...(change.replicas !== undefined ? { num_replicas: change.replicas } : {}),
    metadata: {
      ...current.config.metadata,
      [STORE_METADATA.honourCapacity]: String(honourCapacity),
    },
  });
  const updated = storeFromStream(info, target.connection.realm, target.clustered);
  if (!updated) throw new Error(`stream ${store.stream} no longer reads back as a store`);
  return updated;
}

export async function deleteStore(target: AdapterTarget, store: EngineStore): Promise<void> {
  await target.connection.jsm.streams.delete(store.stream);
}

/** Purges every event, or those with EID ≤ `upToEid`; answers how many went. */
export async function purgeStore(
  target: AdapterTarget,
  store: EngineStore,
  upToEid: number | undefined,
): Promise<number> {
  // The engine's `seq` purges below it, not including it.
  const options = upToEid === undefined ? undefined : { seq: upToEid + 1 };
  const { purged } = await target.connection.jsm.streams.purge(store.stream, options);
  return purged;
}

/** Durable subscribers of a store (a queue's shared consumer among them) with their progress. */
export async function consumerStates(
  target: AdapterTarget,
  store: EngineStore,
): Promise<StoreConsumer[]> {
  const consumers: StoreConsumer[] = [];
  for await (const info of target.connection.jsm.consumers.list(store.stream)) {
    consumers.push(consumerState(info));
  }
  return consumers.sort((a, b) => a.name.localeCompare(b.name));
}

function consumerState(info: ConsumerInfo): StoreConsumer {
  return {
    name: info.name,
    pending: info.num_pending,
    ackPending: info.num_ack_pending,
    redelivered: info.num_redelivered,
    ackFloorEid: info.ack_floor.stream_seq,
    lastDeliveredEid: info.delivered.stream_seq,
  };
}

/**
 * Stores an event and answers its EID. A fresh message id per call: the engine stores a publish
 * retried with the same id once.
 */
export async function publishEvent(
  target: AdapterTarget,
  store: EngineStore,
  event: { data: Uint8Array; properties: Record<string, string>; tag: string | undefined },
): Promise<number> {
  if (!store.subject)
    throw new Error(`store ${store.name} has only wildcard subjects: nowhere to publish`);
  const headers = natsHeaders();
  for (const [key, value] of Object.entries(event.properties)) headers.set(key, value);
  if (event.tag !== undefined) headers.set(EVENT_HEADERS.tag, event.tag);
  const ack = await target.connection.js.publish(store.subject, event.data, {
    headers,
    msgID: randomUUID(),
    expect: { streamName: store.stream },
  });
  return ack.seq;
}

/**
 * The stored message at or after `seq`, asked of the stream's leader. The client's type lacks
 * `next_by_subj` for this request, which the engine has accepted since 2.9.
 */
async function leaderGet(
  target: AdapterTarget,
  store: EngineStore,
  seq: number,
): Promise<StoredMsg | null> {
  const query = { seq, next_by_subj: ">" } as unknown as { seq: number };
  try {
    return await target.connection.jsm.streams.getMessage(store.stream, query);
  } catch (error) {
    if (engineCode(error) === ENGINE_CODES.noMessageFound) return null;
    throw error;
  }
}

function rawEvent(message: StoredMsg): RawEvent {
  const properties: Record<string, string> = {};
  let tag: string | null = null;
  for (const key of message.header?.keys() ?? []) {
    if (key === EVENT_HEADERS.tag) tag = message.header.get(key);
    // The engine's own headers (ids, direct-get bookkeeping) are not the publisher's properties.
    else if (!/^nats-/i.test(key)) properties[key] = message.header.get(key);
  }
  return {
    eid: message.seq,
    timestamp: new Date(message.timestamp).toISOString(),
    data: message.data,
    tag,
    properties,
  };
}

/**
 * Reads events with EIDs in [fromEid, toEid], at most `limit`, oldest first, by sequence: nothing
 * is delivered to or acknowledged by any consumer, so a queue keeps every event. Gaps (expired,
 * purged or consumed events) are skipped by asking for the next stored sequence.
 */
export async function readEvents(
  target: AdapterTarget,
  store: EngineStore,
  range: { fromEid: number; toEid: number; limit: number },
): Promise<RawEvent[]> {
  const { jsm } = target.connection;
  const events: RawEvent[] = [];
  let cursor = range.fromEid;
  while (events.length < range.limit && cursor <= range.toEid) {
    let message = await jsm.direct.getMessage(store.stream, { seq: cursor, next_by_subj: ">" });
    // A direct get may be answered by a replica a few events behind: ask the leader for the rest.
    if (!message && cursor <= store.lastEid) message = await leaderGet(target, store, cursor);
    if (!message || message.seq > range.toEid) break;
    events.push(rawEvent(message));
    cursor = message.seq + 1;
  }
  return events;
}
