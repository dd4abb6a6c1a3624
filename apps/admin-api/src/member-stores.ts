import type { JetStreamManager, StreamInfo } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { describe, withStores, type StoreEndpoint } from "./local-stores.js";

/**
 * What a membership change does to the stores of the realm that leaves: its replicas of cluster
 * stores move to the members that stay, and the stores pinned to it leave with it. Spoken
 * through a member that stays (`via`); NATS vocabulary stays in this module.
 */

/**
 * @default 10000 — one JetStream API request of a membership change. Changing replicas waits
 * for the store's group to agree, which takes seconds on a busy machine; an operator's change
 * is not latency-bound, and failing it half-way would only make them retry.
 */
const CHANGE_TIMEOUT_MS = 10_000;

/** @default 500 — between checks that moved replicas have caught up. */
const CATCH_UP_POLL_MS = 500;

const PINNED_TAG = (realm: string) => `realm:${realm}`;

function isPinnedTo(info: StreamInfo, realm: string): boolean {
  return info.config.placement?.tags?.includes(PINNED_TAG(realm)) ?? false;
}

function peersOf(info: StreamInfo): string[] {
  const cluster = info.cluster;
  if (!cluster) return [];
  return [
    ...(cluster.leader ? [cluster.leader] : []),
    ...(cluster.replicas ?? []).map((replica) => replica.name),
  ];
}

/**
 * Every stream with its info. The engine's listing leaves out a stream whose leader did not
 * answer in time (a busy or electing group), so names come from the meta leader's list and each
 * one left out is asked for by itself: complete, or it throws (and the caller retries).
 */
async function streamsOf(jsm: JetStreamManager): Promise<StreamInfo[]> {
  const streams = new Map<string, StreamInfo>();
  for await (const info of jsm.streams.list()) streams.set(info.config.name, info);
  for await (const name of jsm.streams.names()) {
    if (!streams.has(name)) streams.set(name, await jsm.streams.info(name));
  }
  return [...streams.values()];
}

/** The names of every store the cluster holds, cluster-wide and realm-local. */
export function clusterStoreNames(via: StoreEndpoint): Promise<string[]> {
  return withStores(via, async (jsm) => (await streamsOf(jsm)).map((info) => info.config.name));
}

/**
 * Moves every replica `leaving` holds of a cluster store onto the members that stay: a store
 * with more replicas than `remaining` members first shrinks to that many, then the leaving
 * realm is removed from its peers and the engine places a new replica elsewhere. Resolves once
 * every moved store's replicas are current, or throws at `deadline` (epoch ms) naming the laggards.
 */
export async function moveReplicasOff(
  via: StoreEndpoint,
  leaving: string,
  remaining: number,
  deadline: number,
  // Kept by the caller across attempts: an attempt that timed out may have moved some already,
  // which the next attempt no longer finds on `leaving`.
  moved = new Set<string>(),
): Promise<string[]> {
  return withStores(
    via,
    async (jsm, connection) => {
      for (const info of await streamsOf(jsm)) {
        if (isPinnedTo(info, leaving) || !peersOf(info).includes(leaving)) continue;
        const name = info.config.name;
        if (info.config.num_replicas > remaining) {
          await jsm.streams.update(name, { ...info.config, num_replicas: remaining });
        }
        const now = await jsm.streams.info(name);
        if (peersOf(now).includes(leaving)) await removePeer(connection, name, leaving);
        moved.add(name);
      }
      await waitCaughtUp(jsm, [...moved], leaving, deadline);
      return [...moved];
    },
    CHANGE_TIMEOUT_MS,
  );
}

async function removePeer(connection: NatsConnection, stream: string, peer: string): Promise<void> {
  // nats.js has no call for it: the JetStream API subject is documented and stable.
  const response = await connection.request(
    `$JS.API.STREAM.PEER.REMOVE.${stream}`,
    JSON.stringify({ peer }),
    { timeout: CHANGE_TIMEOUT_MS },
  );
  const answer = response.json<{ success?: boolean; error?: { description?: string } }>();
  if (!answer.success) {
    throw new Error(
      `the engine would not move ${stream}'s replica off ${peer}: ${answer.error?.description ?? "no reason given"}`,
    );
  }
}

async function waitCaughtUp(
  jsm: JetStreamManager,
  streams: string[],
  leaving: string,
  deadline: number,
): Promise<void> {
  let behind = [...streams];
  while (behind.length > 0) {
    const infos = await Promise.all(behind.map((name) => jsm.streams.info(name)));
    behind = infos
      .filter(
        (info) =>
          !info.cluster?.leader ||
          peersOf(info).includes(leaving) ||
          (info.cluster.replicas ?? []).some((replica) => !replica.current),
      )
      .map((info) => info.config.name);
    if (behind.length === 0) return;
    if (Date.now() >= deadline)
      throw new Error(`replicas of ${behind.join(", ")} did not catch up in time; retry`);
    await new Promise((resolve) => setTimeout(resolve, CATCH_UP_POLL_MS));
  }
}

/**
 * Forgets, on the cluster, the stores pinned to a realm that has left it: they live on with
 * their events on that realm, now standalone (DESIGN.md). Call only once the realm has left,
 * or the cluster would delete its data.
 */
export function forgetPinnedStores(via: StoreEndpoint, departed: string): Promise<string[]> {
  return withStores(
    via,
    async (jsm) => {
      const forgotten: string[] = [];
      for (const info of await streamsOf(jsm)) {
        if (!isPinnedTo(info, departed)) continue;
        await jsm.streams.delete(info.config.name);
        forgotten.push(info.config.name);
      }
      return forgotten;
    },
    CHANGE_TIMEOUT_MS,
  ).catch((error: unknown) => {
    throw new Error(`could not forget the stores pinned to ${departed}: ${describe(error)}`, {
      cause: error,
    });
  });
}

/**
 * Before a cluster is deleted: shrinks every replicated store to the one copy its leader holds,
 * so that realm keeps it, events and EIDs intact, once standalone (a standalone realm cannot
 * serve a replicated store, 10074). Resolves with "store → realm" for each store kept.
 */
export function keepOnOneMember(
  via: StoreEndpoint,
  deadline: number,
  // Kept by the caller across attempts, as in moveReplicasOff.
  kept = new Set<string>(),
): Promise<string[]> {
  return withStores(
    via,
    async (jsm) => {
      for (const info of await streamsOf(jsm)) {
        if (info.config.num_replicas <= 1) continue;
        await jsm.streams.update(info.config.name, { ...info.config, num_replicas: 1 });
        kept.add(info.config.name);
      }
      const placed: string[] = [];
      for (const name of kept) placed.push(`${name} → ${await soleHolder(jsm, name, deadline)}`);
      return placed;
    },
    CHANGE_TIMEOUT_MS,
  );
}

async function soleHolder(
  jsm: JetStreamManager,
  stream: string,
  deadline: number,
): Promise<string> {
  for (;;) {
    const info = await jsm.streams.info(stream);
    const peers = peersOf(info);
    if (peers.length === 1 && info.cluster?.leader) return info.cluster.leader;
    if (Date.now() >= deadline)
      throw new Error(`${stream} still has copies on ${peers.join(", ")}`);
    await new Promise((resolve) => setTimeout(resolve, CATCH_UP_POLL_MS));
  }
}
