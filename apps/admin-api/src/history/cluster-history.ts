import type { ClusterHistory } from "@em/contracts";
import type { HistoryStore } from "./history-store.js";

/**
 * @default 360 — points per realm series at most: an hour of one-second polls is averaged into
 * 10 s buckets, so a chart refetched every few seconds costs kilobytes, not megabytes.
 */
export const MAX_POINTS_PER_SERIES = 360;

const perSecond = (count: number, fromMs: number | null, toMs: number | null) =>
  fromMs === null || toMs === null || toMs <= fromMs ? 0 : (count * 1000) / (toMs - fromMs);

/** A cluster's members' series and its totals over the last `minutes`, up to `nowMs`. */
export function clusterHistory(
  store: HistoryStore,
  cluster: string,
  members: readonly string[],
  minutes: number,
  nowMs: number,
): ClusterHistory {
  const windowMs = minutes * 60_000;
  const fromMs = nowMs - windowMs;
  const bucketMs = Math.ceil(windowMs / MAX_POINTS_PER_SERIES);

  // Published: the growth of the last EIDs of the cluster's channels and queues, which counts
  // each event once. The members' message-in counters are not used: on nats-server 2.10 they
  // also count what members replicate to each other, the API's requests and system traffic.
  const published = store.published(cluster, fromMs);

  // Consumed: the growth of the members' message-out counters, the engine's count of messages
  // delivered, summed over the members. On 2.10 it includes replication to the other members
  // and API replies (2.11 splits out client deliveries), so it reads high on a replicated
  // cluster; the growth before the first sample in the window is not seen.
  let consumed = 0;
  let firstAt: number | null = null;
  let lastAt: number | null = null;
  for (const realm of members) {
    const growth = store.counterGrowth(realm, fromMs);
    consumed += growth.messagesOut;
    if (growth.firstAt !== null) firstAt = Math.min(firstAt ?? growth.firstAt, growth.firstAt);
    if (growth.lastAt !== null) lastAt = Math.max(lastAt ?? growth.lastAt, growth.lastAt);
  }

  return {
    cluster,
    from: new Date(fromMs).toISOString(),
    to: new Date(nowMs).toISOString(),
    realms: members.map((realm) => ({ realm, samples: store.series(realm, fromMs, bucketMs) })),
    summary: {
      published: published.published,
      consumed,
      // Rates over the time the rows cover, so an admin API started ten minutes ago does not
      // spread ten minutes of traffic over an hour.
      publishedPerSecond: perSecond(published.published, published.since, published.lastAt),
      consumedPerSecond: perSecond(consumed, firstAt, lastAt),
    },
  };
}
