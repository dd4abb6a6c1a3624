import type { RealmAction, RealmSummary } from "@em/contracts";
import type { ReactElement } from "react";
import { CopyButton } from "../../components/copy-button.js";
import {
  KillIcon,
  PauseIcon,
  PlayIcon,
  RestartIcon,
  StopIcon,
  type IconProps,
} from "../../components/icons.js";
import { Link } from "../../components/link.js";
import { StatusBadge } from "../../components/status-badge.js";
import {
  formatByteRate,
  formatBytes,
  formatCompact,
  formatLastSeen,
  formatUptime,
} from "../../lib/format.js";
import { ACTION_COPY, actionsFor } from "./realm-action-copy.js";

export const REALM_TABLE_COLUMNS = 13;

const ACTION_ICON: Readonly<Record<RealmAction, (props: IconProps) => ReactElement>> = {
  start: PlayIcon,
  resume: PlayIcon,
  stop: StopIcon,
  pause: PauseIcon,
  restart: RestartIcon,
  kill: KillIcon,
};

interface RealmRowProps {
  realm: RealmSummary;
  nowMs: number;
  canAct: boolean;
  onAction: (name: string, action: RealmAction) => void;
}

/** One realm: who, where, how it is, what it carries, and what can be done to it. */
export function RealmRow({ realm, nowMs, canAct, onAction }: RealmRowProps) {
  const m = realm.metrics;
  // Metrics of a realm that is not online are its last known values: shown, but dimmed.
  const dimmed = realm.status !== "online" || realm.stale;
  const showProblem = realm.problem !== null && (realm.status !== "online" || realm.stale);
  const actions = canAct ? actionsFor(realm.processState) : [];
  return (
    <>
      <tr
        className={`realm-row realm-row--${realm.status}${showProblem ? " realm-row--has-problem" : ""}`}
        data-testid={`realm-row-${realm.name}`}
        data-status={realm.status}
      >
        <th scope="row" className="realm-row__name">
          {realm.name}
          {realm.version ? (
            <span className="muted realm-row__version" title="nats-server version">
              v{realm.version}
            </span>
          ) : null}
          <span className="realm-row__stores small">
            <Link
              to={{ page: "stores", owner: "realm", name: realm.name, kind: "channel" }}
              data-testid={`realm-channels-${realm.name}`}
            >
              channels
            </Link>{" "}
            ·{" "}
            <Link
              to={{ page: "stores", owner: "realm", name: realm.name, kind: "queue" }}
              data-testid={`realm-queues-${realm.name}`}
            >
              queues
            </Link>{" "}
            ·{" "}
            <Link
              to={{ page: "realm-connections", name: realm.name }}
              data-testid={`realm-connections-${realm.name}`}
            >
              connections
            </Link>
          </span>
        </th>
        <td>
          <div className="status-cell">
            <span className="status-cell__badges">
              <StatusBadge status={realm.status} testId={`realm-status-${realm.name}`} />
              {realm.stale ? (
                <span
                  className="stale"
                  title="The metrics are older than the last poll"
                  data-testid={`realm-stale-${realm.name}`}
                >
                  stale
                </span>
              ) : null}
            </span>
            {realm.stale || realm.status !== "online" ? (
              <span className="muted small nowrap">{formatLastSeen(realm.lastSeen, nowMs)}</span>
            ) : null}
          </div>
        </td>
        <td className="nowrap">{realm.hostName}</td>
        <td>
          <ul className="rnames">
            {realm.rnames.map((rname) => (
              <li key={rname}>
                <code>{rname}</code>
                <CopyButton text={rname} label={`${realm.name} RNAME ${rname}`} />
              </li>
            ))}
          </ul>
        </td>
        <td className="num">{formatUptime(realm.uptimeSeconds)}</td>
        <td className={`num${dimmed ? " dim" : ""}`}>{m ? formatCompact(m.connections) : "—"}</td>
        <td className={`num${dimmed ? " dim" : ""}`}>{formatCompact(m?.messagesIn.perSecond)}</td>
        <td className={`num${dimmed ? " dim" : ""}`}>{formatCompact(m?.messagesOut.perSecond)}</td>
        <td className={`num${dimmed ? " dim" : ""}`}>{formatByteRate(m?.bytesIn.perSecond)}</td>
        <td className={`num${dimmed ? " dim" : ""}`}>{formatByteRate(m?.bytesOut.perSecond)}</td>
        <td className={`num${dimmed ? " dim" : ""}`}>{formatBytes(m?.memoryBytes)}</td>
        <td className={`num${dimmed ? " dim" : ""}`}>{formatBytes(m?.storageBytes)}</td>
        <td className="actions-cell">
          <div className="actions" role="group" aria-label={`Actions for ${realm.name}`}>
            {actions.map((action) => {
              const copy = ACTION_COPY[action];
              const Icon = ACTION_ICON[action];
              return (
                <button
                  key={action}
                  type="button"
                  className={`button button--small button--action${copy.severity === "destructive" ? " button--danger-ghost" : ""}`}
                  aria-label={`${copy.label} ${realm.name}`}
                  title={`${copy.label} ${realm.name}`}
                  onClick={() => onAction(realm.name, action)}
                  data-testid={`realm-action-${action}-${realm.name}`}
                >
                  <Icon width={13} height={13} />
                  <span className="button__label">{copy.label}</span>
                </button>
              );
            })}
            {canAct && actions.length === 0 ? (
              <span className="muted" title="No actions while its host cannot be asked">
                —
              </span>
            ) : null}
          </div>
        </td>
      </tr>
      {showProblem ? (
        <tr
          className={`problem-row problem-row--${realm.status}`}
          data-testid={`realm-problem-${realm.name}`}
        >
          <td colSpan={REALM_TABLE_COLUMNS}>
            <span className="problem-row__text">
              <span className="problem-row__label">{realm.name}:</span> {realm.problem}
            </span>
          </td>
        </tr>
      ) : null}
    </>
  );
}
