import type { AuditEntry } from "@em/contracts";

/** `name: demo · realm: realm2`; a dash when the route has no path parameters. */
function formatTarget(target: Record<string, string>): string {
  const parts = Object.entries(target).map(([key, value]) => `${key}: ${value}`);
  return parts.length ? parts.join(" · ") : "—";
}

/** One audit entry; its parameters (secrets already removed by the API) expand on demand. */
export function AuditRow({ entry }: { entry: AuditEntry }) {
  const ok = entry.result === "ok";
  return (
    <tr data-testid={`audit-row-${entry.id}`} data-action={entry.action} data-result={entry.result}>
      <td className="nowrap" title={entry.at}>
        {new Date(entry.at).toLocaleString()}
      </td>
      <td>{entry.username ?? <span className="muted">no session</span>}</td>
      <td>{entry.role ?? <span className="muted">—</span>}</td>
      <td>
        <strong>{entry.action}</strong>
        <div className="muted small">
          {entry.method} {entry.path}
        </div>
      </td>
      <td>{formatTarget(entry.target)}</td>
      <td className="nowrap">
        <span className={ok ? undefined : "text-danger"}>{entry.result}</span>{" "}
        <span className="muted small">{entry.status}</span>
      </td>
      <td className="nowrap">{entry.clientIp ?? "—"}</td>
      <td>
        {entry.params === null ? (
          <span className="muted">—</span>
        ) : (
          <details>
            <summary className="small">params</summary>
            <pre className="snoop-event__pre" data-testid={`audit-params-${entry.id}`}>
              {JSON.stringify(entry.params, null, 2)}
            </pre>
          </details>
        )}
      </td>
    </tr>
  );
}
