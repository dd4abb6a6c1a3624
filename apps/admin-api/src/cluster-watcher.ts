import type { MemberState, ServerToClientEvents } from "@em/contracts";
import type { ClusterState } from "./cluster-state.js";

type ClusterEventName = Exclude<
  keyof ServerToClientEvents,
  "realm:state" | "realms:snapshot" | "realm:removed" | "operation:progress"
>;

/** One cluster event as the live feed sends it. */
export type ClusterEvent = {
  [K in ClusterEventName]: { name: K; payload: Parameters<ServerToClientEvents[K]>[0] };
}[ClusterEventName];

interface Seen {
  members: Map<string, MemberState>;
  /** The last master known, kept through an election so masterChanged goes from old to new. */
  master: string | null;
  held: boolean;
  /** quorumReached was sent since quorum was last lost (it needs a master to name). */
  reached: boolean;
}

/**
 * Turns successive cluster states into UM's cluster listener events. NATS emits nothing when the
 * meta leader itself dies, so these come from comparing polled states, not from the realms.
 */
export class ClusterWatcher {
  private readonly seen = new Map<string, Seen>();
  private primed = false;

  /**
   * The events between the last states and these. The first call only records a baseline (make
   * it at start-up, before any cluster can be created); a cluster that appears later reports its
   * members as added.
   */
  update(states: readonly ClusterState[], now = new Date()): ClusterEvent[] {
    const at = now.toISOString();
    const events: ClusterEvent[] = [];
    const emit = (event: ClusterEvent) => {
      if (this.primed) events.push(event);
    };
    const current = new Set(states.map((s) => s.name));
    for (const [cluster, seen] of this.seen) {
      if (current.has(cluster)) continue;
      for (const realm of seen.members.keys())
        emit({ name: "cluster:memberRemoved", payload: { cluster, realm, at } });
      this.seen.delete(cluster);
    }
    for (const state of states) {
      const cluster = state.name;
      let seen = this.seen.get(cluster);
      if (!seen) {
        seen = { members: new Map(), master: null, held: false, reached: false };
        this.seen.set(cluster, seen);
        if (!this.primed) {
          for (const m of state.members) seen.members.set(m.realm, m.state);
          seen.held = state.quorum.held;
          seen.master = state.master;
          seen.reached = state.quorum.held && state.master !== null;
          continue;
        }
      }
      const realms = new Set(state.members.map((m) => m.realm));
      for (const realm of [...seen.members.keys()]) {
        if (realms.has(realm)) continue;
        seen.members.delete(realm);
        emit({ name: "cluster:memberRemoved", payload: { cluster, realm, at } });
      }
      for (const member of state.members) {
        const previous = seen.members.get(member.realm);
        if (previous === undefined)
          emit({ name: "cluster:memberAdded", payload: { cluster, realm: member.realm, at } });
        if (previous !== member.state) {
          seen.members.set(member.realm, member.state);
          emit({
            name: "cluster:memberState",
            payload: { cluster, realm: member.realm, state: member.state, at },
          });
        }
      }
      if (seen.held && !state.quorum.held) {
        seen.held = false;
        seen.reached = false;
        emit({ name: "cluster:quorumLost", payload: { cluster, at } });
        if (seen.master !== null) {
          emit({
            name: "cluster:masterChanged",
            payload: { cluster, from: seen.master, to: null, at },
          });
          seen.master = null;
        }
      }
      if (state.quorum.held) seen.held = true;
      if (state.master !== null && state.master !== seen.master) {
        if (state.quorum.held && !seen.reached) {
          seen.reached = true;
          emit({ name: "cluster:quorumReached", payload: { cluster, master: state.master, at } });
        }
        emit({
          name: "cluster:masterChanged",
          payload: { cluster, from: seen.master, to: state.master, at },
        });
        seen.master = state.master;
      } else if (state.master !== null && state.quorum.held && !seen.reached) {
        seen.reached = true;
        emit({ name: "cluster:quorumReached", payload: { cluster, master: state.master, at } });
      }
    }
    this.primed = true;
    return events;
  }
}
