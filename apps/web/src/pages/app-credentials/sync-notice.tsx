import type { AppCredentialSync } from "@em/contracts";

/** Hosts whose realms have not taken the latest credentials yet; nothing when all have. */
export function SyncNotice({ sync }: { sync: AppCredentialSync }) {
  if (sync.pendingHosts.length === 0) return null;
  return (
    <div className="notice notice--warning" role="status" data-testid="app-credentials-pending">
      <p>
        Not applied everywhere yet: the admin API keeps sending the credentials until these hosts
        take them.
      </p>
      <ul>
        {sync.pendingHosts.map(({ host, problem }) => (
          <li key={host}>
            <strong>{host}</strong>: {problem}
          </li>
        ))}
      </ul>
    </div>
  );
}
