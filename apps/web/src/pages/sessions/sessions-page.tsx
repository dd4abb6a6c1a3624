import type { ClientSession } from "@em/contracts";
import { useEffect } from "react";
import { ErrorNotice } from "../../components/error-notice.js";
import { Link } from "../../components/link.js";
import { SESSIONS_POLL_INTERVAL_MS, useListSessionsQuery } from "../../data/sessions.js";
import { formatAgo, formatCount, formatStall } from "../../lib/format.js";
import { useNow } from "../../lib/use-now.js";
import { useSearchParam } from "../../lib/use-search-param.js";
import { useLiveStatus } from "../../live/live-status.js";
import { ExactTag } from "./exact-tag.js";

/** How often "since 4m ago" labels move on. @default 5_000 */
export const SESSIONS_CLOCK_TICK_MS = 5_000;

function SessionRow({ session, nowMs }: { session: ClientSession; nowMs: number }) {
  return (
    <tr
      data-testid={`session-row-${session.name}`}
      data-realm={session.realm ?? ""}
      data-state={session.state}
      data-failovers={session.failovers}
      data-exact={session.sdk ? String(session.lost === 0 && session.duplicated === 0) : ""}
    >
      <th scope="row">
        <Link to={{ page: "session", session: session.name }}>{session.name}</Link>
        {session.sdk ? null : (
          <span className="muted small" title="A plain NATS client: no SDK reports">
            {" "}
            plain
          </span>
        )}
      </th>
      <td>
        {session.realm ?? (
          <span className={session.state === "closed" ? "muted" : "text-warn"}>
            {session.state === "closed" ? "closed" : "no realm"}
          </span>
        )}
      </td>
      <td>{session.protocol ?? "—"}</td>
      <td className="nowrap" title={new Date(session.since).toLocaleString()}>
        {formatAgo(nowMs - Date.parse(session.since))}
      </td>
      <td className="num">{formatCount(session.failovers)}</td>
      <td className="num">{formatStall(session.lastStallMs)}</td>
      <td>
        <ExactTag session={session} />
      </td>
    </tr>
  );
}

/** Client sessions: where each is, how often it failed over, and whether delivery stayed exact. */
export function SessionsPage() {
  const live = useLiveStatus() === "live";
  const [realm, setRealm] = useSearchParam("realm");
  const [filter, setFilter] = useSearchParam("q");
  const query = useListSessionsQuery(realm, { live });
  const nowMs = useNow(SESSIONS_CLOCK_TICK_MS);
  useEffect(() => {
    document.title = "Sessions · Enterprise Manager";
  }, []);

  const all = query.data?.sessions ?? [];
  const needle = filter.trim().toLowerCase();
  const sessions = needle ? all.filter((s) => s.name.toLowerCase().includes(needle)) : all;

  return (
    <section className="page" aria-labelledby="sessions-title">
      <div className="page__header">
        <div>
          <h1 id="sessions-title" className="page__title">
            Sessions
          </h1>
          <p className="page__subtitle">
            Client sessions as the realms and the SDK report them, most recently active first;
            updated live.
          </p>
        </div>
      </div>
      <div className="toolbar">
        <input
          className="input input--search"
          type="search"
          placeholder="Filter by session name"
          aria-label="Filter sessions by name"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          data-testid="sessions-filter"
        />
        {realm ? (
          <span className="small">
            On realm <strong>{realm}</strong> only ·{" "}
            <button type="button" className="link-button" onClick={() => setRealm("")}>
              all realms
            </button>
          </span>
        ) : null}
        {query.data ? (
          <span className="muted small" data-testid="sessions-total">
            {formatCount(sessions.length)} shown of {formatCount(query.data.total)}
          </span>
        ) : null}
      </div>

      {query.isPending ? (
        <div className="loading" role="status">
          <span className="spinner" aria-hidden="true" /> Loading sessions…
        </div>
      ) : query.isError && !query.data ? (
        <ErrorNotice error={query.error} title="The sessions could not be loaded">
          <p>
            {live ? "" : `The console tries again every ${SESSIONS_POLL_INTERVAL_MS / 1000} s. `}
            <button type="button" className="link-button" onClick={() => void query.refetch()}>
              Try now
            </button>
          </p>
        </ErrorNotice>
      ) : sessions.length === 0 ? (
        <div className="empty" data-testid="sessions-empty">
          <h2>No sessions {needle || realm ? "match" : "yet"}</h2>
          <p className="muted">
            Sessions appear when clients connect to a realm. Start demo traffic from a
            cluster&apos;s live view to see some.
          </p>
        </div>
      ) : (
        <>
          {query.isError ? (
            <ErrorNotice error={query.error} title="Refreshing failed; showing the last answer" />
          ) : null}
          <div className="table-wrap">
            <table className="table" data-testid="sessions-table">
              <caption className="visually-hidden">Client sessions</caption>
              <thead>
                <tr>
                  <th scope="col">Session</th>
                  <th scope="col">Realm</th>
                  <th scope="col" title="nsp TCP, nhp WebSocket, nsps / nhps with TLS">
                    Protocol
                  </th>
                  <th scope="col">Since</th>
                  <th scope="col" className="num">
                    Failovers
                  </th>
                  <th scope="col" className="num" title="Time without a realm in its last failover">
                    Last stall
                  </th>
                  <th scope="col" title="Exact: no event lost, none delivered twice">
                    Delivery
                  </th>
                </tr>
              </thead>
              <tbody>
                {sessions.map((session) => (
                  <SessionRow key={session.name} session={session} nowMs={nowMs} />
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
