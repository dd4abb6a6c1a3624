import type { RealmSummary } from "@em/contracts";
import type { RealmSampleRow } from "./history-store.js";

/**
 * The samples to store from the poller's latest summaries: one per realm per poll, so a realm
 * whose sample was already stored (`storedAt` holds its time) is skipped. A realm that is
 * down, stale, or has no rate yet (its first poll after a start) leaves a gap in its chart
 * rather than a made-up point.
 */
export function realmSamplesToStore(
  summaries: readonly RealmSummary[],
  storedAt: ReadonlyMap<string, number>,
  replicaLagOf: (realm: string) => number | null,
): RealmSampleRow[] {
  const rows: RealmSampleRow[] = [];
  for (const realm of summaries) {
    const { metrics, lastSeen, startedAt } = realm;
    if (realm.status !== "online" || realm.stale || !metrics || !lastSeen || !startedAt) continue;
    const at = Date.parse(lastSeen);
    if (storedAt.get(realm.name) === at) continue;
    const inPerSecond = metrics.messagesIn.perSecond;
    const outPerSecond = metrics.messagesOut.perSecond;
    if (inPerSecond === null || outPerSecond === null) continue;
    rows.push({
      realm: realm.name,
      at,
      startedAt,
      messagesInPerSecond: inPerSecond,
      messagesOutPerSecond: outPerSecond,
      messagesIn: metrics.messagesIn.total,
      messagesOut: metrics.messagesOut.total,
      connections: metrics.connections,
      replicaLag: replicaLagOf(realm.name),
    });
  }
  return rows;
}
