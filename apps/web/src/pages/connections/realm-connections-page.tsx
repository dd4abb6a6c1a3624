import { API_ROUTES, roleAllows, type Bounced, type Me, type RealmConnection } from "@em/contracts";
import { useEffect, useState } from "react";
import { ErrorNotice } from "../../components/error-notice.js";
import { LoadErrorNotice } from "../../components/load-error-notice.js";
import { MutationConfirmDialog } from "../../components/mutation-confirm-dialog.js";
import { Link } from "../../components/link.js";
import {
  CONNECTIONS_POLL_INTERVAL_MS,
  useBounceConnectionMutation,
  useListRealmConnectionsQuery,
} from "../../data/realm-connections.js";
import { formatAgo, formatCompact, formatCount } from "../../lib/format.js";
import { useNow } from "../../lib/use-now.js";
import { BounceResult } from "./bounce-result.js";

/** How often "since 4m ago" labels move on. @default 5_000 */
export const CONNECTIONS_CLOCK_TICK_MS = 5_000;

function ConnectionRow({
  connection: c,
  nowMs,
  canBounce,
  onBounce,
}: {
  connection: RealmConnection;
  nowMs: number;
  canBounce: boolean;
  onBounce: (connection: RealmConnection) => void;
}) {
  return (
    <tr data-testid={`connection-row-${c.cid}`} data-name={c.name ?? ""}>
      <td className="num">{c.cid}</td>
      <th scope="row">
        {c.name ? (
          <Link to={{ page: "session", session: c.name }}>{c.name}</Link>
        ) : (
          <span className="muted">unnamed</span>
        )}
        {c.lang ? (
          <span className="muted small">
            {" "}
            {c.lang}
            {c.version ? ` ${c.version}` : ""}
          </span>
        ) : null}
      </th>
      <td className="nowrap">
        <code>
          {c.ip}:{c.port}
        </code>
      </td>
      <td>{c.protocol ?? "—"}</td>
      <td className="nowrap" title={new Date(c.since).toLocaleString()}>
        {formatAgo(nowMs - Date.parse(c.since))}
      </td>
      <td className="num">{formatCompact(c.inMsgs)}</td>
      <td className="num">{formatCompact(c.outMsgs)}</td>
      <td className="num">{c.subscriptions}</td>
      <td className="num">{c.rttMs === null ? "—" : `${c.rttMs.toFixed(1)} ms`}</td>
      {canBounce ? (
        <td className="actions-cell">
          <button
            type="button"
            className="button button--small button--danger-ghost"
            onClick={() => onBounce(c)}
            title="Close this connection: its client reconnects, to another realm if its RNAME list has one"
            data-testid={`bounce-${c.cid}`}
          >
            Bounce
          </button>
        </td>
      ) : null}
    </tr>
  );
}

/** A realm's client connections now, with UM's bounce: close one, watch its session move. */
export function RealmConnectionsPage({ me, name }: { me: Me; name: string }) {
  const query = useListRealmConnectionsQuery(name);
  const bounce = useBounceConnectionMutation();
  const nowMs = useNow(CONNECTIONS_CLOCK_TICK_MS);
  const [target, setTarget] = useState<RealmConnection | null>(null);
  const [bounced, setBounced] = useState<Bounced | null>(null);
  const canBounce = roleAllows(me.user.role, API_ROUTES.bounceConnection.access);
  useEffect(() => {
    document.title = `${name} connections · Enterprise Manager`;
  }, [name]);

  const connections = query.data?.connections ?? [];

  return (
    <section className="page" aria-labelledby="connections-title">
      <div className="page__header">
        <div>
          <p className="breadcrumb">
            <Link to={{ page: "realms" }}>Realms</Link> / {name} /
          </p>
          <h1 id="connections-title" className="page__title">
            Connections of {name}
          </h1>
          <p className="page__subtitle">
            From the realm&apos;s monitoring endpoint, every {CONNECTIONS_POLL_INTERVAL_MS / 1000}{" "}
            s. <Link to={{ page: "sessions" }}>All sessions</Link>
          </p>
        </div>
        {query.data ? (
          <span className="muted small" data-testid="connections-total">
            {formatCount(connections.length)} shown of {formatCount(query.data.total)}
          </span>
        ) : null}
      </div>

      {bounced ? <BounceResult bounced={bounced} onDismiss={() => setBounced(null)} /> : null}

      {query.isPending ? (
        <div className="loading" role="status">
          <span className="spinner" aria-hidden="true" /> Loading connections…
        </div>
      ) : query.isError && !query.data ? (
        <LoadErrorNotice query={query} title={`The connections of ${name} could not be read`} />
      ) : connections.length === 0 ? (
        <div className="empty" data-testid="connections-empty">
          <h2>No client is connected to {name}</h2>
        </div>
      ) : (
        <>
          {query.isError ? (
            <ErrorNotice error={query.error} title="Refreshing failed; showing the last answer" />
          ) : null}
          <div className="table-wrap">
            <table className="table" data-testid="connections-table">
              <caption className="visually-hidden">Client connections of {name}</caption>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    CID
                  </th>
                  <th scope="col">Client</th>
                  <th scope="col">Address</th>
                  <th scope="col">Protocol</th>
                  <th scope="col">Since</th>
                  <th scope="col" className="num" title="Messages the client sent">
                    Msgs in
                  </th>
                  <th scope="col" className="num" title="Messages sent to the client">
                    Msgs out
                  </th>
                  <th scope="col" className="num">
                    Subs
                  </th>
                  <th scope="col" className="num" title="Round-trip time of the last ping">
                    RTT
                  </th>
                  {canBounce ? (
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {connections.map((c) => (
                  <ConnectionRow
                    key={c.cid}
                    connection={c}
                    nowMs={nowMs}
                    canBounce={canBounce}
                    onBounce={(connection) => {
                      bounce.reset();
                      setTarget(connection);
                    }}
                  />
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}

      <MutationConfirmDialog
        open={target !== null}
        title={`Bounce ${target?.name ?? `connection ${target?.cid ?? ""}`}?`}
        confirmLabel="Bounce"
        pendingLabel="Bouncing…"
        tone="danger"
        mutation={bounce}
        variables={() => (target ? { realm: name, cid: target.cid } : undefined)}
        failureTitle="The bounce failed"
        onDone={(answer) => setBounced(answer)}
        onClose={() => setTarget(null)}
        testId="bounce"
      >
        <p>
          {name} closes this connection. An SDK session reconnects to another realm of its RNAME
          list and resumes where it left off; its timeline shows the move.
        </p>
      </MutationConfirmDialog>
    </section>
  );
}
