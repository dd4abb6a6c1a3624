import type { ClientSession } from "@em/contracts";
import { useEffect } from "react";
import { ErrorNotice } from "../../components/error-notice.js";
import { LoadErrorNotice } from "../../components/load-error-notice.js";
import { Link } from "../../components/link.js";
import { SESSIONS_POLL_INTERVAL_MS, useListSessionsQuery } from "../../data/sessions.js";
import { formatAgo, formatCount, formatStall } from "../../lib/format.js";
import { useNow } from "../../lib/use-now.js";
import { useSearchParam } from "../../lib/use-search-param.js";
import { useLiveStatus } from "../../live/live-status.js";
import { ExactTag } from "./exact-tag.js";
import {
  nextSessionSort,
  parseSessionSort,
  sessionSortParam,
  sortSessions,
  type SessionSort,
  type SessionSortKey,
} from "./session-sort.js";

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

/** A column header that sorts the table; the order lives in the URL (`?sort=-failovers`). */
function SortHeader({
  label,
  column,
  sort,
  onSort,
  numeric = false,
  title,
}: {
  label: string;
  column: SessionSortKey;
  sort: SessionSort | null;
  onSort: (column: SessionSortKey) => void;
  numeric?: boolean;
  title?: string;
}) {
  const active = sort?.key === column;
  return (
    <th
      scope="col"
      className={numeric ? "num" : undefined}
      title={title}
      aria-sort={active ? (sort.descending ? "descending" : "ascending") : "none"}
    >
      <button
        type="button"
        className="sort-button"
        onClick={() => onSort(column)}
        data-testid={`sessions-sort-${column}`}
      >
        {label}
        <span className="sort-button__arrow" aria-hidden="true">
          {active ? (sort.descending ? "▼" : "▲") : ""}
        </span>
      </button>
    </th>
  );
}

/** Client sessions: where each is, how often it failed over, and whether delivery stayed exact. */
export function SessionsPage() {
  const live = useLiveStatus() === "live";
  const [realm, setRealm] = useSearchParam("realm");
  const [filter, setFilter] = useSearchParam("q");
  const [sortParam, setSortParam] = useSearchParam("sort");
  const sort = parseSessionSort(sortParam);
  const onSort = (column: SessionSortKey) =>
    setSortParam(sessionSortParam(nextSessionSort(sort, column)));
  const query = useListSessionsQuery(realm, { live });
  const nowMs = useNow(SESSIONS_CLOCK_TICK_MS);
  useEffect(() => {
    document.title = "Sessions · Enterprise Manager";
  }, []);

  const all = query.data?.sessions ?? [];
  const needle = filter.trim().toLowerCase();
  const sessions = sortSessions(
    needle ? all.filter((s) => s.name.toLowerCase().includes(needle)) : all,
    sort,
  );

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
        {sort ? (
          <button type="button" className="link-button small" onClick={() => setSortParam("")}>
            back to latest activity first
          </button>
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
        <LoadErrorNotice query={query} title="The sessions could not be loaded">
          {live ? "" : `The console tries again every ${SESSIONS_POLL_INTERVAL_MS / 1000} s. `}
        </LoadErrorNotice>
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
                  <SortHeader label="Session" column="name" sort={sort} onSort={onSort} />
                  <SortHeader label="Realm" column="realm" sort={sort} onSort={onSort} />
                  <th scope="col" title="nsp TCP, nhp WebSocket, nsps / nhps with TLS">
                    Protocol
                  </th>
                  <SortHeader label="Since" column="since" sort={sort} onSort={onSort} />
                  <SortHeader
                    label="Failovers"
                    column="failovers"
                    sort={sort}
                    onSort={onSort}
                    numeric
                  />
                  <SortHeader
                    label="Last stall"
                    column="stall"
                    sort={sort}
                    onSort={onSort}
                    numeric
                    title="Time without a realm in its last failover"
                  />
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
