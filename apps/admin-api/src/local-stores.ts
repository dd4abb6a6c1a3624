import { connect, type NatsConnection } from "@nats-io/transport-node";
import {
  jetstreamManager,
  type ConsumerConfig,
  type JetStreamManager,
  type Placement,
  type StreamConfig,
} from "@nats-io/jetstream";

/**
 * A realm's realm-local stores (UM channels and queues) through its own client port: the one
 * place that speaks NATS (streams, durable consumers, the JetStream API). Every call connects,
 * works and closes; credentials are never logged or put in a message.
 */

/** @default 2000 — connecting to a realm's client port. */
const CONNECT_TIMEOUT_MS = 2_000;

/** @default 2000 — one JetStream API request. */
const API_TIMEOUT_MS = 2_000;

/** @default 250 — between attempts while a just-restarted cluster elects its meta leader. */
const RETRY_INTERVAL_MS = 250;

/** Where and as whom to reach a realm's stores: the app user of the realm's client port. */
export interface StoreEndpoint {
  realm: string;
  host: string;
  port: number;
  user: string;
  password: string;
}

/** One realm-local store as it was before a join: enough to re-declare it and its durables. */
export interface LocalStore {
  name: string;
  messages: number;
  firstSeq: number;
  lastSeq: number;
  /** The durable subscriptions' names. */
  durables: string[];
  /** The store's and its durables' definitions, opaque outside this module. */
  readonly definition: StoreDefinition;
}

interface StoreDefinition {
  config: StreamConfig;
  consumers: ConsumerConfig[];
}

export async function withStores<T>(
  endpoint: StoreEndpoint,
  work: (jsm: JetStreamManager, connection: NatsConnection) => Promise<T>,
  apiTimeoutMs = API_TIMEOUT_MS,
): Promise<T> {
  const host = endpoint.host.includes(":") ? `[${endpoint.host}]` : endpoint.host;
  let connection: NatsConnection;
  try {
    connection = await connect({
      servers: `${host}:${endpoint.port}`,
      user: endpoint.user,
      pass: endpoint.password,
      name: "em-admin-api",
      timeout: CONNECT_TIMEOUT_MS,
      reconnect: false,
    });
  } catch (error) {
    throw new Error(
      `cannot connect to realm "${endpoint.realm}" at ${host}:${endpoint.port}: ${describe(error)}`,
      { cause: error },
    );
  }
  try {
    const jsm = await jetstreamManager(connection, { timeout: apiTimeoutMs, checkAPI: false });
    return await work(jsm, connection);
  } finally {
    await connection.close().catch(() => undefined);
  }
}

/** The realm's stores with their state and durable subscriptions. */
export function listLocalStores(endpoint: StoreEndpoint): Promise<LocalStore[]> {
  return withStores(endpoint, async (jsm) => {
    const stores: LocalStore[] = [];
    for await (const info of jsm.streams.list()) {
      const consumers: ConsumerConfig[] = [];
      for await (const consumer of jsm.consumers.list(info.config.name)) {
        if (consumer.config.durable_name) consumers.push(consumer.config);
      }
      stores.push({
        name: info.config.name,
        messages: info.state.messages,
        firstSeq: info.state.first_seq,
        lastSeq: info.state.last_seq,
        durables: consumers.map((c) => c.durable_name as string),
        definition: { config: info.config, consumers },
      });
    }
    return stores.sort((a, b) => a.name.localeCompare(b.name));
  });
}

/** Deletes the named stores (and with them their subscriptions and events). */
export function deleteLocalStores(endpoint: StoreEndpoint, names: string[]): Promise<void> {
  return withStores(endpoint, async (jsm) => {
    for (const name of names) await jsm.streams.delete(name);
  });
}

export interface AdoptedStore {
  name: string;
  messages: number;
  firstSeq: number;
  lastSeq: number;
  durables: number;
}

/**
 * Re-declares stores a realm held standalone on its cluster, pinned to that realm with one
 * replica, and re-adds their durables: the engine keeps their events, sequences and ack floors
 * (DESIGN.md, engine facts). Retries until `deadline` (epoch ms) while the cluster elects its
 * meta leader; re-declaring an already adopted store is harmless.
 */
export async function adoptLocalStores(
  endpoint: StoreEndpoint,
  stores: LocalStore[],
  deadline: number,
): Promise<AdoptedStore[]> {
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      return await withStores(endpoint, async (jsm) => {
        const adopted: AdoptedStore[] = [];
        for (const store of stores) {
          const { config, consumers } = store.definition;
          const placement = { tags: [`realm:${endpoint.realm}`] } as Placement;
          const info = await jsm.streams.add({ ...config, num_replicas: 1, placement });
          for (const consumer of consumers) await jsm.consumers.add(store.name, consumer);
          adopted.push({
            name: store.name,
            messages: info.state.messages,
            firstSeq: info.state.first_seq,
            lastSeq: info.state.last_seq,
            durables: consumers.length,
          });
        }
        return adopted;
      });
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, RETRY_INTERVAL_MS));
    }
  }
  throw new Error(
    `could not re-declare the realm-local stores of "${endpoint.realm}" in time: ${describe(lastError)}`,
    { cause: lastError },
  );
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
