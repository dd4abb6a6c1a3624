import type { RealmStatus } from "@em/contracts";

const STATUS_HINT: Readonly<Record<RealmStatus, string>> = {
  online: "Running and answering its monitoring endpoint",
  unresponsive: "The process exists but did not answer in time (paused or overloaded)",
  offline: "The process is not running (stopped, killed or crashed)",
  unknown: "Its host could not be asked",
};

/** A realm status in its colour: online green, unresponsive amber, offline red, unknown grey. */
export function StatusBadge({ status, testId }: { status: RealmStatus; testId?: string }) {
  return (
    <span className={`badge badge--${status}`} title={STATUS_HINT[status]} data-testid={testId}>
      <span className="badge__dot" aria-hidden="true" />
      {status}
    </span>
  );
}
