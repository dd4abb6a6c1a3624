import type { Drill } from "@em/contracts";
import { useEffect } from "react";
import { ErrorNotice } from "../../components/error-notice.js";
import { Link } from "../../components/link.js";
import { useGetDrillQuery } from "../../data/drills.js";
import { ApiRequestError } from "../../lib/api-client.js";
import { useLiveStatus } from "../../live/live-status.js";
import { OperationProgress } from "../clusters/operation-progress.js";
import { DRILL_ACTION_COPY } from "./drill-action-copy.js";
import { DrillReport } from "./drill-report.js";

/** Saves the drill as JSON (its steps and report), to attach to a ticket or compare later. */
function downloadDrill(drill: Drill): void {
  const blob = new Blob([JSON.stringify(drill, null, 2)], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = `drill-${drill.action}-${drill.realm}-${drill.startedAt.replace(/[:.]/g, "-")}.json`;
  link.click();
  // Some browsers read the URL after click() returns: free it a moment later.
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

/** One drill: what was done to which realm, its steps, and its report. */
export function DrillPage({ id }: { id: string }) {
  const live = useLiveStatus() === "live";
  const query = useGetDrillQuery(id, { live });
  const drill = query.data;
  useEffect(() => {
    document.title = "Drill report · Enterprise Manager";
  }, []);
  return (
    <section className="page" aria-labelledby="drill-page-title">
      <div className="page__header">
        <div>
          <p className="breadcrumb">
            <Link to={{ page: "drills" }}>Drill reports</Link> /
          </p>
          <h1 id="drill-page-title" className="page__title">
            {drill ? `${DRILL_ACTION_COPY[drill.action].label} ${drill.realm}` : `Drill ${id}`}
          </h1>
          {drill ? (
            <p className="page__subtitle">
              {new Date(drill.startedAt).toLocaleString()} · watched {drill.observeMs / 1000} s
              {drill.cluster ? (
                <>
                  {" "}
                  · cluster{" "}
                  <Link to={{ page: "cluster-live", name: drill.cluster }}>{drill.cluster}</Link>
                </>
              ) : null}
            </p>
          ) : null}
        </div>
        {drill ? (
          <button
            type="button"
            className="button"
            onClick={() => downloadDrill(drill)}
            data-testid="drill-download"
          >
            Download JSON
          </button>
        ) : null}
      </div>
      {query.isPending ? (
        <div className="loading" role="status">
          <span className="spinner" aria-hidden="true" /> Loading the drill…
        </div>
      ) : query.isError && !drill ? (
        query.error instanceof ApiRequestError && query.error.code === "NOT_FOUND" ? (
          <div className="empty" data-testid="drill-not-found">
            <h2>No drill {id}</h2>
            <p>
              <Link to={{ page: "drills" }}>See every drill</Link>
            </p>
          </div>
        ) : (
          <ErrorNotice error={query.error} title="The drill could not be loaded" />
        )
      ) : drill ? (
        <>
          {drill.report ? (
            <section className="panel" aria-labelledby="report-title">
              <h2 id="report-title" className="section-title">
                Report
              </h2>
              <DrillReport report={drill.report} />
            </section>
          ) : null}
          <section className="panel" aria-labelledby="steps-title">
            <h2 id="steps-title" className="section-title">
              Steps
            </h2>
            <OperationProgress
              operation={drill}
              testId="drill-progress"
              failureTitle="The drill failed; the steps above say where, and whether the realm is back"
            />
          </section>
        </>
      ) : null}
    </section>
  );
}
