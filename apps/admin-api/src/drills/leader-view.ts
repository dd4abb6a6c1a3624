import { jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { storeNameOf } from "../stores/stream-mapping.js";

/** @default 10000 — listing stores waits on every store's leader, seconds after a kill. */
const LIST_TIMEOUT_MS = 10_000;

/** Who leads one store. */
export interface StoreLeader {
  /** The engine's name for it (a stream). */
  stream: string;
  leader: string | null;
  replicas: number;
  /** Followers caught up with the leader: where a planned handover can go. */
  currentFollowers: string[];
}

/** Who leads what in a cluster at one moment: the master and each store's leader, by UM name. */
export interface LeaderView {
  master: string | null;
  stores: Map<string, StoreLeader>;
}

/** Every store's leader, asked through `nc` (any member up answers for the whole cluster). */
export async function storeLeaders(nc: NatsConnection): Promise<Map<string, StoreLeader>> {
  const jsm = await jetstreamManager(nc, { timeout: LIST_TIMEOUT_MS, checkAPI: false });
  const stores = new Map<string, StoreLeader>();
  for await (const info of jsm.streams.list()) {
    const name = storeNameOf(info.config) ?? info.config.name;
    stores.set(name, {
      stream: info.config.name,
      leader: info.cluster?.leader ?? null,
      replicas: info.config.num_replicas,
      currentFollowers: (info.cluster?.replicas ?? [])
        .filter((replica) => replica.current && !replica.offline)
        .map((replica) => replica.name),
    });
  }
  return stores;
}

/** "master realm2; /sales led by realm1, /jobs by realm3", for a step's message. */
export function describeLeaders(view: LeaderView): string {
  const stores = [...view.stores]
    .map(([name, store]) => `${name} led by ${store.leader ?? "nobody"}`)
    .join(", ");
  return `master ${view.master ?? "none"}; ${stores || "no stores"}`;
}
