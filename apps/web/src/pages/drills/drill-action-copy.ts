import type { DrillAction } from "@em/contracts";

/** What each drill action does to the realm, and what sessions should expect from it. */
export const DRILL_ACTION_COPY: Readonly<
  Record<DrillAction, { label: string; does: string; expect: string }>
> = {
  kill: {
    label: "Kill",
    does: "SIGKILL, as a crash; started again after the observation window.",
    expect:
      "Stream leaders on it cost a Raft election: sessions publishing to them stall about 4–8 s.",
  },
  pause: {
    label: "Pause",
    does: "SIGSTOP, as a hung or cut-off realm; continued after the observation window.",
    expect:
      "Clients notice only when pings go unanswered; expect stalls of several seconds, like a kill.",
  },
  restart: {
    label: "Restart",
    does: "A graceful stop and start.",
    expect: "Leaders move away as it stops: sessions stall well under a second.",
  },
  graceful: {
    label: "Graceful stop",
    does: "Checks each channel and queue it leads has a caught-up follower, moves the master away, then stops it so its leaderships pass to those followers; started again after the observation window.",
    expect: "A planned failover: sessions should stall about 0.1 s (p50), 0.3 s at most.",
  },
};

/** The actions in the order the picker offers them: the rehearsal of a crash first. */
export const DRILL_ACTIONS: readonly DrillAction[] = ["kill", "pause", "restart", "graceful"];
