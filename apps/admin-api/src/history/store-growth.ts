import type { EngineStore } from "../stores/stream-mapping.js";

/** What the history needs of a listed store. */
export type ListedStore = Pick<
  EngineStore,
  "name" | "events" | "lastEid" | "pinnedRealm" | "replicaStates"
>;

/**
 * The largest lag, in events, of any replica on each realm behind its store's leader, as the
 * leaders report it in the listing (the JetStream API's `cluster.replicas[].lag`: the leader
 * knows how far each follower got, whereas a follower's own `/jsz` cannot). A member holding no
 * lagging replica is 0: nothing on it is behind.
 */
export function replicaLagByRealm(
  members: readonly string[],
  stores: readonly ListedStore[],
): Map<string, number> {
  const lag = new Map(members.map((realm) => [realm, 0]));
  for (const store of stores) {
    for (const replica of store.replicaStates) {
      lag.set(replica.realm, Math.max(lag.get(replica.realm) ?? 0, replica.lag));
    }
  }
  return lag;
}

/** The last EID of each of a cluster's own stores (realm-local stores belong to their realm). */
export function lastEidsOf(stores: readonly ListedStore[]): Map<string, number> {
  return new Map(stores.filter((s) => s.pinnedRealm === null).map((s) => [s.name, s.lastEid]));
}

/**
 * Events published to a cluster's channels and queues between two listings: the growth of each
 * store's last EID, which counts every stored event once however many replicas hold it, and
 * keeps counting on a queue whose events are removed as they are consumed. A store that is new
 * or was deleted and made again counts the events it holds now.
 */
export function publishedBetween(
  previous: ReadonlyMap<string, number>,
  stores: readonly ListedStore[],
): number {
  let published = 0;
  for (const store of stores) {
    if (store.pinnedRealm !== null) continue;
    const before = previous.get(store.name);
    published +=
      before !== undefined && store.lastEid >= before ? store.lastEid - before : store.events;
  }
  return published;
}
