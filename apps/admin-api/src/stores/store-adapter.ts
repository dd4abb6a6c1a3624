import type { ConsumerInfo, StreamInfo } from "@nats-io/jetstream";
import {
  QUEUE_ACK_WAIT_MS,
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
 * Store operations on one realm connection: with event-adapter.ts the only code that calls the
 * JetStream API. Names in and out are UM names; streams and consumers stay in here.
 */

/** Where the calls go and how to read the answers. */
export interface AdapterTarget {
  connection: RealmConnection;
  /** True when the realm is in a cluster (streams carry replica and leader state). */
  clustered: boolean;
}

/** Every store of the account the connection reaches, from one paged listing. */
export async function listStores({ connection, clustered }: AdapterTarget): Promise<EngineStore[]> {
  const stores: EngineStore[] = [];
  for await (const info of connection.patientJsm.streams.list()) {
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

/** @default 250 — between attempts while the engine does not yet see a member as up. */
const PLACEMENT_RETRY_MS = 250;

/**
 * Creates the stream of a store and, for a queue, its shared durable consumer. While the
 * engine says members are missing for placement, tries again for up to `placementWaitMs`.
 */
export async function createStore(
  target: AdapterTarget,
  name: string,
  kind: StoreKind,
  attributes: StoreAttributes,
  pinnedRealm: string | undefined,
  placementWaitMs: number,
): Promise<EngineStore> {
  const jsm = target.connection.patientJsm;
  const stream = streamNameFor(name);
  const config = streamConfigFor(name, kind, attributes, stream, pinnedRealm);
  const deadline = Date.now() + placementWaitMs;
  let info: StreamInfo;
  for (;;) {
    try {
      info = await jsm.streams.add(config);
      break;
    } catch (error) {
      // Just after a cluster forms or a member returns, the engine can still count a member
      // as offline for placement (10005) while every member is up: the refusal created
      // nothing, so asking again is safe.
      if (engineCode(error) !== ENGINE_CODES.peersUnavailable || Date.now() >= deadline)
        throw error;
      await new Promise((resolve) => setTimeout(resolve, PLACEMENT_RETRY_MS));
    }
  }
  if (kind === "queue") {
    try {
      await jsm.consumers.add(stream, {
        durable_name: QUEUE_CONSUMER,
        ack_policy: "explicit",
        // Events a dead consumer held come back this soon; the SDK keeps held ones alive.
        ack_wait: QUEUE_ACK_WAIT_MS * 1_000_000,
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
  const jsm = target.connection.patientJsm;
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
  await target.connection.patientJsm.streams.delete(store.stream);
}

/** Purges every event, or those with EID ≤ `upToEid`; answers how many went. */
export async function purgeStore(
  target: AdapterTarget,
  store: EngineStore,
  upToEid: number | undefined,
): Promise<number> {
  // The engine's `seq` purges below it, not including it.
  const options = upToEid === undefined ? undefined : { seq: upToEid + 1 };
  const { purged } = await target.connection.patientJsm.streams.purge(store.stream, options);
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
