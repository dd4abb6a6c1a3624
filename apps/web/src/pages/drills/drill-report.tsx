import type { DrillReport as Report } from "@em/contracts";
import { Link } from "../../components/link.js";
import { formatCount, formatStall } from "../../lib/format.js";
import { stallSummary } from "../../lib/stats.js";

function Figure({ label, value, tone }: { label: string; value: string; tone?: string }) {
  return (
    <div className={`figure${tone ? ` figure--${tone}` : ""}`}>
      <span className="field__label">{label}</span>
      <span className="figure__value">{value}</span>
    </div>
  );
}

/**
 * What a drill did: sessions failed over and their stalls (p50 / max), leaders moved, events
 * lost or duplicated, whether quorum held.
 */
export function DrillReport({ report }: { report: Report }) {
  // The server states p50 and max; a report without them still has its sessions' stalls.
  const computed = stallSummary(report.sessions.map((s) => s.stallMs));
  const p50 = report.stallP50Ms ?? computed.p50Ms;
  const max = report.stallMaxMs ?? computed.maxMs;
  const exact = report.lost === 0 && report.duplicated === 0;
  return (
    <div
      className="drill-report"
      data-testid="drill-report"
      data-lost={report.lost}
      data-duplicated={report.duplicated}
      data-stall-p50={p50 ?? ""}
      data-stall-max={max ?? ""}
      data-quorum-held={report.quorumHeld === null ? "" : String(report.quorumHeld)}
      data-sessions={report.sessions.length}
    >
      <div className="figures">
        <Figure label="Sessions failed over" value={formatCount(report.sessions.length)} />
        <Figure label="Stall p50" value={formatStall(p50)} />
        <Figure label="Stall max" value={formatStall(max)} />
        <Figure
          label="Lost"
          value={formatCount(report.lost)}
          tone={report.lost === 0 ? "ok" : "danger"}
        />
        <Figure
          label="Duplicated"
          value={formatCount(report.duplicated)}
          tone={report.duplicated === 0 ? "ok" : "danger"}
        />
        <Figure
          label="Quorum"
          value={report.quorumHeld === null ? "standalone" : report.quorumHeld ? "held" : "lost"}
          tone={report.quorumHeld === false ? "danger" : "ok"}
        />
      </div>
      <p className={exact ? "text-ok small" : "text-danger small"}>
        {exact
          ? "Delivery stayed exact: no event lost, none delivered twice."
          : `Delivery was not exact: ${formatCount(report.lost)} lost, ${formatCount(report.duplicated)} duplicated.`}
      </p>
      {report.sessions.length > 0 ? (
        <div className="table-wrap">
          <table className="table table--compact" data-testid="drill-report-sessions">
            <caption className="visually-hidden">Sessions that failed over</caption>
            <thead>
              <tr>
                <th scope="col">Session</th>
                <th scope="col">From</th>
                <th scope="col">To</th>
                <th scope="col" className="num">
                  Stall
                </th>
                <th scope="col" className="num">
                  Lost
                </th>
                <th scope="col" className="num">
                  Duplicated
                </th>
              </tr>
            </thead>
            <tbody>
              {report.sessions.map((s, i) => (
                <tr
                  key={`${s.session}-${i}`}
                  data-testid={`drill-session-${s.session}`}
                  data-stall-ms={s.stallMs ?? ""}
                >
                  <th scope="row">
                    <Link to={{ page: "session", session: s.session }}>{s.session}</Link>
                  </th>
                  <td>{s.from ?? "—"}</td>
                  <td>{s.to ?? "—"}</td>
                  <td className="num">{formatStall(s.stallMs)}</td>
                  <td className={`num${s.lost > 0 ? " text-danger" : ""}`}>{s.lost}</td>
                  <td className={`num${s.duplicated > 0 ? " text-danger" : ""}`}>{s.duplicated}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted small">No session failed over during the drill.</p>
      )}
      <h3 className="subsection-title">Leaders moved</h3>
      {report.leadersMoved.length > 0 ? (
        <ul className="plain-list small" data-testid="drill-report-leaders">
          {report.leadersMoved.map((move, i) => (
            <li key={`${move.store}-${i}`}>
              <code>{move.store}</code>: {move.from ?? "none"} → {move.to ?? "none"}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted small">No leader moved.</p>
      )}
    </div>
  );
}
