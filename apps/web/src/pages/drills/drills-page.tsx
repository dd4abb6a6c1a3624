import type { Drill } from "@em/contracts";
import { useEffect } from "react";
import { LoadErrorNotice } from "../../components/load-error-notice.js";
import { Link } from "../../components/link.js";
import { useListDrillsQuery } from "../../data/drills.js";
import { formatCount, formatStall } from "../../lib/format.js";
import { DRILL_ACTION_COPY } from "./drill-action-copy.js";

function DrillRow({ drill }: { drill: Drill }) {
  const r = drill.report;
  return (
    <tr data-testid={`drill-row-${drill.id}`} data-status={drill.status}>
      <th scope="row" className="nowrap">
        <Link to={{ page: "drill", id: drill.id }}>
          {new Date(drill.startedAt).toLocaleString()}
        </Link>
      </th>
      <td>{drill.cluster ?? <span className="muted">standalone</span>}</td>
      <td>
        {DRILL_ACTION_COPY[drill.action].label} <strong>{drill.realm}</strong>
      </td>
      <td>
        <span
          className={
            drill.status === "failed"
              ? "text-danger"
              : drill.status === "running"
                ? "text-warn"
                : undefined
          }
        >
          {drill.status}
        </span>
      </td>
      <td className="num">{r ? formatCount(r.sessions.length) : "—"}</td>
      <td className="num">{formatStall(r?.stallP50Ms)}</td>
      <td className="num">{formatStall(r?.stallMaxMs)}</td>
      <td className={`num${r && r.lost > 0 ? " text-danger" : ""}`}>
        {r ? formatCount(r.lost) : "—"}
      </td>
      <td className={`num${r && r.duplicated > 0 ? " text-danger" : ""}`}>
        {r ? formatCount(r.duplicated) : "—"}
      </td>
      <td>{r?.quorumHeld === null || !r ? "—" : r.quorumHeld ? "held" : "lost"}</td>
    </tr>
  );
}

/** Every kept drill report, newest first; each opens its full report. */
export function DrillsPage() {
  const query = useListDrillsQuery();
  useEffect(() => {
    document.title = "Drills · Enterprise Manager";
  }, []);
  const drills = query.data?.drills ?? [];
  return (
    <section className="page" aria-labelledby="drills-title">
      <div className="page__header">
        <div>
          <h1 id="drills-title" className="page__title">
            Drill reports
          </h1>
          <p className="page__subtitle">
            Failover drills, newest first. Run one from a cluster&apos;s live view.
          </p>
        </div>
      </div>
      {query.isPending ? (
        <div className="loading" role="status">
          <span className="spinner" aria-hidden="true" /> Loading drills…
        </div>
      ) : query.isError && !query.data ? (
        <LoadErrorNotice query={query} title="The drills could not be loaded" />
      ) : drills.length === 0 ? (
        <div className="empty" data-testid="drills-empty">
          <h2>No drill yet</h2>
          <p>
            Open a cluster, choose <strong>Watch live</strong>, and run a drill from its panel.{" "}
            <Link to={{ page: "clusters" }}>Clusters</Link>
          </p>
        </div>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="drills-table">
            <caption className="visually-hidden">Failover drills, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Cluster</th>
                <th scope="col">Action</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Failovers
                </th>
                <th scope="col" className="num">
                  Stall p50
                </th>
                <th scope="col" className="num">
                  Stall max
                </th>
                <th scope="col" className="num">
                  Lost
                </th>
                <th scope="col" className="num">
                  Duplicated
                </th>
                <th scope="col">Quorum</th>
              </tr>
            </thead>
            <tbody>
              {drills.map((drill) => (
                <DrillRow key={drill.id} drill={drill} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
