import type { ClusterState } from "../cluster-state.js";

/** @default 100 — how often the cluster's state is sampled during a drill (from the cache). */
const QUORUM_SAMPLE_MS = 100;

/** What a drill saw of its cluster's quorum and master. */
export interface QuorumSeen {
  /** Enough members up (UM's 51 %) in every sample, and a master again by the end. */
  held: boolean;
  /** The longest stretch without a master (an election), in ms. */
  longestMasterlessMs: number;
  /** Every master seen, in order. */
  masters: string[];
}

/**
 * Samples a cluster's state through a drill. An election after the master is killed leaves the
 * cluster without a master for seconds although a majority is up and elects the next one: that
 * is quorum kept, not lost (UM reference 3.3). Lost means fewer members up than quorum needs at
 * some point, or no master at the end.
 */
export class QuorumWatch {
  private held = true;
  private masterlessSince: number | null = null;
  private longestMasterlessMs = 0;
  private readonly masters: string[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly state: () => ClusterState | undefined,
    sampleMs = QUORUM_SAMPLE_MS,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), sampleMs);
  }

  stop(): QuorumSeen {
    clearInterval(this.timer);
    this.sample();
    const endedWithMaster = this.masterlessSince === null;
    return {
      held: this.held && endedWithMaster,
      longestMasterlessMs: this.longestMasterlessMs,
      masters: [...this.masters],
    };
  }

  private sample(): void {
    const state = this.state();
    const now = Date.now();
    if (!state?.quorum.held) this.held = false;
    const master = state?.master ?? null;
    if (master === null) {
      this.masterlessSince ??= now;
      this.longestMasterlessMs = Math.max(this.longestMasterlessMs, now - this.masterlessSince);
      return;
    }
    this.masterlessSince = null;
    if (this.masters.at(-1) !== master) this.masters.push(master);
  }
}
