import type { ClusterStatus, MemberState, Quorum } from "@em/contracts";
import { failuresTolerated, quorumText, quorumTone } from "./cluster-format.js";

const STATUS_HINT: Readonly<Record<ClusterStatus, string>> = {
  healthy: "Every member online, a master elected",
  degraded: "Quorum held, but at least one member is down or catching up",
  "no-quorum": "Fewer than 51 % of the members are online: no master, no writes",
  forming: "Being created: members are joining",
  failed: "The last change failed part-way; see its operation and retry or roll back",
};

const STATUS_TONE: Readonly<Record<ClusterStatus, string>> = {
  healthy: "ok",
  degraded: "warn",
  "no-quorum": "danger",
  forming: "info",
  failed: "danger",
};

/** A cluster status: healthy green, degraded amber, no-quorum and failed red, forming blue. */
export function ClusterStatusBadge({ status, testId }: { status: ClusterStatus; testId?: string }) {
  return (
    <span
      className={`badge badge--${STATUS_TONE[status]}`}
      title={STATUS_HINT[status]}
      data-testid={testId}
      data-status={status}
    >
      <span className="badge__dot" aria-hidden="true" />
      {status}
    </span>
  );
}

const MEMBER_TONE: Readonly<Record<MemberState, string>> = {
  master: "ok",
  member: "ok",
  recovering: "warn",
  "no-quorum": "danger",
  offline: "danger",
};

const MEMBER_HINT: Readonly<Record<MemberState, string>> = {
  master: "The master: it orders membership and store changes (JetStream meta leader)",
  member: "Online and following the master",
  recovering: "Rejoined and still catching up with the others",
  "no-quorum": "Running, but its cluster has no master",
  offline: "Not running or not reachable",
};

/** A member's state as a badge (member tables). */
export function MemberStateBadge({ state, testId }: { state: MemberState; testId?: string }) {
  return (
    <span
      className={`badge badge--${MEMBER_TONE[state]}`}
      title={MEMBER_HINT[state]}
      data-testid={testId}
      data-state={state}
    >
      <span className="badge__dot" aria-hidden="true" />
      {state}
    </span>
  );
}

/** A member as a dot and its name (cluster lists); the master carries a crown. */
export function MemberDot({ realm, state }: { realm: string; state: MemberState }) {
  return (
    <span className={`member-dot member-dot--${MEMBER_TONE[state]}`} title={`${realm}: ${state}`}>
      <span className="badge__dot" aria-hidden="true" />
      {realm}
      {state === "master" ? <CrownIcon /> : null}
    </span>
  );
}

export function CrownIcon() {
  return (
    <svg
      className="crown"
      width="13"
      height="13"
      viewBox="0 0 24 24"
      aria-label="master"
      role="img"
    >
      <path d="M3 7l4.5 4L12 4l4.5 7L21 7l-2 12H5L3 7Z" fill="currentColor" />
    </svg>
  );
}

/** `2/3 online · needs 2` over a bar of one segment per member, the quorum line marked. */
export function QuorumBar({ quorum, testId }: { quorum: Quorum; testId?: string }) {
  const tone = quorumTone(quorum);
  const spare = failuresTolerated(quorum);
  const title = quorum.held
    ? `Quorum held: ${spare === 0 ? "one more failure loses it" : `${spare} more ${spare === 1 ? "failure is" : "failures are"} tolerated`}`
    : `Quorum lost: ${quorum.needed - quorum.online} more ${quorum.needed - quorum.online === 1 ? "member" : "members"} must come back`;
  return (
    <div
      className={`quorum quorum--${tone}`}
      title={title}
      data-testid={testId}
      data-online={quorum.online}
      data-total={quorum.total}
    >
      <div
        className="quorum__bar"
        role="meter"
        aria-valuemin={0}
        aria-valuemax={quorum.total}
        aria-valuenow={quorum.online}
        aria-label={`Quorum: ${quorumText(quorum)}`}
      >
        {Array.from({ length: quorum.total }, (_, i) => (
          <span
            key={i}
            className={`quorum__segment${i < quorum.online ? " quorum__segment--on" : ""}${i === quorum.needed - 1 ? " quorum__segment--line" : ""}`}
          />
        ))}
      </div>
      <span className="quorum__text">{quorumText(quorum)}</span>
    </div>
  );
}
