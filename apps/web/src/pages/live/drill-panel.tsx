import type { ClusterDetail, Drill, DrillAction } from "@em/contracts";
import { useState } from "react";
import { ConfirmDialog } from "../../components/confirm-dialog.js";
import { ErrorNotice } from "../../components/error-notice.js";
import { Link } from "../../components/link.js";
import { useGetDrillQuery, useListDrillsQuery, useStartDrillMutation } from "../../data/drills.js";
import { whatIfText } from "../clusters/cluster-format.js";
import { OperationProgress } from "../clusters/operation-progress.js";
import { DRILL_ACTIONS, DRILL_ACTION_COPY } from "../drills/drill-action-copy.js";
import { DrillReport } from "../drills/drill-report.js";

/** How long a drill watches sessions before it brings the realm back. @default 10 */
export const DEFAULT_OBSERVE_SECONDS = 10;

function DrillOutcome({ drill }: { drill: Drill }) {
  return (
    <div className="drill-outcome" data-testid="drill-outcome" data-drill-id={drill.id}>
      <p className="small">
        <strong>
          {DRILL_ACTION_COPY[drill.action].label} {drill.realm}
        </strong>{" "}
        <span className="muted">
          started {new Date(drill.startedAt).toLocaleTimeString(undefined, { hour12: false })},
          watching {drill.observeMs / 1000} s ·{" "}
          <Link to={{ page: "drill", id: drill.id }}>open the report page</Link>
        </span>
      </p>
      <OperationProgress
        operation={drill}
        testId="drill-progress"
        failureTitle="The drill failed; the steps above say where, and whether the realm is back"
      />
      {drill.report ? <DrillReport report={drill.report} /> : null}
    </div>
  );
}

/**
 * A failover rehearsal: pick a member and an action, read the quorum what-if, confirm, watch
 * the steps live, then read the report. The panel shows this cluster's latest drill on arrival.
 */
export function DrillPanel({
  cluster,
  canAct,
  live,
}: {
  cluster: ClusterDetail;
  canAct: boolean;
  live: boolean;
}) {
  const [realm, setRealm] = useState("");
  const [action, setAction] = useState<DrillAction>("kill");
  const [observeSeconds, setObserveSeconds] = useState(DEFAULT_OBSERVE_SECONDS);
  const [confirming, setConfirming] = useState(false);
  const [startedId, setStartedId] = useState<string | null>(null);
  const start = useStartDrillMutation();
  const list = useListDrillsQuery();
  const latestHere = list.data?.drills.find((d) => d.cluster === cluster.name) ?? null;
  const shownId = startedId ?? latestHere?.id ?? null;
  const drillQuery = useGetDrillQuery(shownId, { live });
  const drill = drillQuery.data ?? (latestHere?.id === shownId ? latestHere : null);

  const target = realm || cluster.members[0]?.realm || "";
  const whatIf = cluster.whatIf.find((w) => w.realm === target);
  const running = drill?.status === "running";
  const copy = DRILL_ACTION_COPY[action];

  const onConfirm = () =>
    start.mutate(
      { realm: target, action, observeMs: observeSeconds * 1000 },
      {
        onSuccess: (started) => {
          setStartedId(started.id);
          setConfirming(false);
        },
      },
    );

  return (
    <section className="panel drill-panel" aria-labelledby="drill-title" data-testid="drill-panel">
      <h2 id="drill-title" className="section-title">
        Failover drill{" "}
        <span className="muted small">fail a member on purpose, watch, get a report</span>
      </h2>
      {canAct ? (
        <div className="toolbar toolbar--wrap">
          <label className="field field--inline">
            <span className="field__label">Member</span>
            <select
              className="input"
              value={target}
              onChange={(e) => setRealm(e.target.value)}
              data-testid="drill-realm"
            >
              {cluster.members.map((m) => (
                <option key={m.realm} value={m.realm}>
                  {m.realm} ({m.state})
                </option>
              ))}
            </select>
          </label>
          <label className="field field--inline">
            <span className="field__label">Action</span>
            <select
              className="input"
              value={action}
              onChange={(e) => setAction(e.target.value as DrillAction)}
              data-testid="drill-action"
            >
              {DRILL_ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {DRILL_ACTION_COPY[a].label}
                </option>
              ))}
            </select>
          </label>
          <label className="field field--inline">
            <span
              className="field__label"
              title="How long sessions are watched before the realm is brought back"
            >
              Watch for (s)
            </span>
            <input
              className="input input--narrow"
              type="number"
              min={1}
              max={120}
              value={observeSeconds}
              onChange={(e) =>
                setObserveSeconds(Math.min(120, Math.max(1, Number(e.target.value) || 1)))
              }
              data-testid="drill-observe"
            />
          </label>
          <button
            type="button"
            className="button button--danger-ghost"
            onClick={() => {
              start.reset();
              setConfirming(true);
            }}
            disabled={!target || running}
            title={running ? "One drill at a time: wait for the running one" : undefined}
            data-testid="drill-start"
          >
            Start drill…
          </button>
        </div>
      ) : (
        <p className="muted small">Operators can run drills; the latest one is shown below.</p>
      )}
      {canAct ? (
        <p className="muted small">
          {copy.does} {copy.expect}{" "}
          {whatIf ? (
            <span
              className={whatIf.keepsQuorum ? "text-ok" : "text-danger"}
              data-testid="drill-what-if-preview"
            >
              {whatIfText(whatIf)}.
            </span>
          ) : null}
        </p>
      ) : null}

      {drill ? (
        <DrillOutcome drill={drill} />
      ) : drillQuery.isError ? (
        <ErrorNotice error={drillQuery.error} title="The drill could not be loaded" />
      ) : null}
      {list.isError && !drill ? (
        <ErrorNotice error={list.error} title="Past drills could not be loaded" />
      ) : null}

      <ConfirmDialog
        open={confirming}
        title={`${copy.label} ${target}?`}
        confirmLabel={`${copy.label} ${target}`}
        pendingLabel="Starting…"
        tone="danger"
        pending={start.isPending}
        error={
          start.isError ? <ErrorNotice error={start.error} title="The drill did not start" /> : null
        }
        onConfirm={onConfirm}
        onCancel={() => setConfirming(false)}
        testId="drill"
      >
        <p>
          {copy.does} The drill watches sessions for {observeSeconds} s, then brings {target} back.
        </p>
        <p>{copy.expect}</p>
        {whatIf ? (
          <p
            className={whatIf.keepsQuorum ? "what-if what-if--keeps" : "what-if what-if--loses"}
            data-testid="drill-what-if"
            data-keeps-quorum={whatIf.keepsQuorum ? "true" : "false"}
          >
            {whatIfText(whatIf)}
          </p>
        ) : (
          <p className="muted" data-testid="drill-what-if">
            No what-if is known for {target} yet.
          </p>
        )}
      </ConfirmDialog>
    </section>
  );
}
