import { useEffect } from "react";
import { ErrorNotice } from "../../components/error-notice.js";
import { Link } from "../../components/link.js";
import { useGetSessionQuery } from "../../data/sessions.js";
import { ApiRequestError } from "../../lib/api-client.js";
import { formatCount, formatStall } from "../../lib/format.js";
import { useNow } from "../../lib/use-now.js";
import { useLiveStatus } from "../../live/live-status.js";
import { ExactTag } from "./exact-tag.js";
import { SessionTimeline } from "./session-timeline.js";

/** How often the open end of the timeline moves on. @default 2_000 */
export const TIMELINE_CLOCK_TICK_MS = 2_000;

/** One session: where it is now, and its timeline of realms, failovers and stalls. */
export function SessionPage({ session }: { session: string }) {
  const live = useLiveStatus() === "live";
  const query = useGetSessionQuery(session, { live });
  const nowMs = useNow(TIMELINE_CLOCK_TICK_MS);
  const detail = query.data;
  useEffect(() => {
    document.title = `${session} · Sessions · Enterprise Manager`;
  }, [session]);

  return (
    <section className="page" aria-labelledby="session-title">
      <div className="page__header">
        <div>
          <p className="breadcrumb">
            <Link to={{ page: "sessions" }}>Sessions</Link> /
          </p>
          <h1 id="session-title" className="page__title">
            {session}
          </h1>
        </div>
      </div>
      {query.isPending ? (
        <div className="loading" role="status">
          <span className="spinner" aria-hidden="true" /> Loading {session}…
        </div>
      ) : query.isError && !detail ? (
        query.error instanceof ApiRequestError && query.error.code === "NOT_FOUND" ? (
          <div className="empty" data-testid="session-not-found">
            <h2>No session named {session}</h2>
            <p>
              It may have been dropped by retention.{" "}
              <Link to={{ page: "sessions" }}>See every session</Link>
            </p>
          </div>
        ) : (
          <ErrorNotice error={query.error} title={`Session ${session} could not be loaded`} />
        )
      ) : detail ? (
        <>
          <div className="cluster-summary panel" data-testid="session-summary">
            <div className="cluster-summary__item">
              <span className="field__label">Realm now</span>
              <span data-testid="session-realm">
                {detail.session.realm ?? <span className="text-warn">{detail.session.state}</span>}
              </span>
            </div>
            <div className="cluster-summary__item">
              <span className="field__label">Protocol</span>
              <span>{detail.session.protocol ?? "—"}</span>
            </div>
            <div className="cluster-summary__item">
              <span className="field__label">Failovers</span>
              <span data-testid="session-failovers">{formatCount(detail.session.failovers)}</span>
            </div>
            <div className="cluster-summary__item">
              <span className="field__label">Last stall</span>
              <span>{formatStall(detail.session.lastStallMs)}</span>
            </div>
            <div className="cluster-summary__item">
              <span className="field__label">Delivery</span>
              <ExactTag session={detail.session} />
            </div>
            <div className="cluster-summary__item">
              <span className="field__label">Since</span>
              <span>{new Date(detail.session.since).toLocaleString()}</span>
            </div>
          </div>
          {query.isError ? (
            <ErrorNotice error={query.error} title="Refreshing failed; showing the last answer" />
          ) : null}
          <section className="panel" aria-labelledby="timeline-title">
            <h2 id="timeline-title" className="section-title">
              Timeline{" "}
              <span className="muted small">which realm when; hatched: time without a realm</span>
            </h2>
            <SessionTimeline entries={detail.timeline} nowMs={nowMs} />
          </section>
        </>
      ) : null}
    </section>
  );
}
