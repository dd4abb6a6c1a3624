import type { RealmStatus, RealmSummary } from "@em/contracts";

const ORDER: readonly RealmStatus[] = ["online", "unresponsive", "offline", "unknown"];

/** `3 realms · 2 online · 1 offline`, coloured like the badges. */
export function RealmsOverview({ realms }: { realms: readonly RealmSummary[] }) {
  const counts = new Map<RealmStatus, number>();
  for (const realm of realms) counts.set(realm.status, (counts.get(realm.status) ?? 0) + 1);
  const stale = realms.filter((r) => r.stale).length;
  return (
    <ul className="overview" aria-label="Realm status summary" data-testid="realm-overview">
      <li className="overview__total">
        <strong>{realms.length}</strong> {realms.length === 1 ? "realm" : "realms"}
      </li>
      {ORDER.filter((status) => counts.has(status)).map((status) => (
        <li key={status} className={`overview__chip overview__chip--${status}`}>
          <span className="badge__dot" aria-hidden="true" />
          <strong>{counts.get(status)}</strong> {status}
        </li>
      ))}
      {stale > 0 ? (
        <li className="overview__chip overview__chip--stale">
          <strong>{stale}</strong> stale
        </li>
      ) : null}
    </ul>
  );
}
