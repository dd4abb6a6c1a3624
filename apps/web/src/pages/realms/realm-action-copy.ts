import type { RealmAction, RealmProcessState } from "@em/contracts";

/** Actions that make sense for each process state, most common first. */
const ACTIONS_BY_STATE: Readonly<Record<RealmProcessState, readonly RealmAction[]>> = {
  starting: ["stop", "kill"],
  running: ["restart", "stop", "pause", "kill"],
  paused: ["resume", "kill"],
  stopping: ["kill"],
  stopped: ["start"],
  crashed: ["start"],
};

/** What the operator may do to a realm in `state`; nothing while its host cannot be asked. */
export function actionsFor(state: RealmProcessState | null): readonly RealmAction[] {
  return state === null ? [] : ACTIONS_BY_STATE[state];
}

export interface ActionCopy {
  /** Button text. */
  label: string;
  /** Shown on the confirm button while the request runs. */
  pending: string;
  /** Past tense for the result notice. */
  done: string;
  /**
   * `safe` brings service back; `disruptive` interrupts clients in an orderly way;
   * `destructive` interrupts them with no chance to flush. The confirm button is red unless
   * `safe`; only destructive actions are red in the table, so red still means something.
   */
  severity: "safe" | "disruptive" | "destructive";
  /** The confirmation: what will happen, concretely. */
  explain: (realm: string) => string;
}

export const ACTION_COPY: Readonly<Record<RealmAction, ActionCopy>> = {
  start: {
    label: "Start",
    pending: "Starting…",
    done: "started",
    severity: "safe",
    explain: (realm) =>
      `Start ${realm}? Its nats-server starts with its saved configuration and takes clients again.`,
  },
  stop: {
    label: "Stop",
    pending: "Stopping…",
    done: "stopped",
    severity: "disruptive",
    explain: (realm) =>
      `Stop ${realm}? Graceful shutdown (SIGTERM): it flushes to disk, hands over leadership, and clients connected to it fail over.`,
  },
  kill: {
    label: "Kill",
    pending: "Killing…",
    done: "killed",
    severity: "destructive",
    explain: (realm) =>
      `Kill ${realm}? SIGKILL: clients connected to it fail over; nothing is flushed.`,
  },
  pause: {
    label: "Pause",
    pending: "Pausing…",
    done: "paused",
    severity: "disruptive",
    explain: (realm) =>
      `Pause ${realm}? SIGSTOP: the process freezes without closing connections, so clients see a silent realm until it is resumed.`,
  },
  resume: {
    label: "Resume",
    pending: "Resuming…",
    done: "resumed",
    severity: "safe",
    explain: (realm) => `Resume ${realm}? SIGCONT: the process continues where it was paused.`,
  },
  restart: {
    label: "Restart",
    pending: "Restarting…",
    done: "restarted",
    severity: "disruptive",
    explain: (realm) =>
      `Restart ${realm}? Graceful stop, then start: clients connected to it fail over while it is down.`,
  },
};
