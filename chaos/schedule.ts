// The fault schedule: a pure function of the seed. The same seed and options give the same list
// on any machine, so a failing run is replayed with the command the report prints.

/** What a fault does to its target. */
export type FaultKind =
  /** SIGKILL the realm, started again after the hold. */
  | "kill"
  /** SIGSTOP the realm, SIGCONT after the hold. */
  | "pause"
  /** Graceful restart: SIGTERM (leaderships handed over), then started again. */
  | "restart"
  /** The realm's client proxy passes nothing either way for the hold. */
  | "blackhole"
  /** The realm's client proxy resets every connection, and refuses new ones for the hold. */
  | "reset"
  /** The realm's client proxy delays every chunk by `delayMs` for the hold. */
  | "delay"
  /** SIGSTOP the two other realms: the target is alone, a publish through it must not be acked. */
  | "minority";

export const FAULT_KINDS: readonly FaultKind[] = [
  "kill",
  "pause",
  "restart",
  "blackhole",
  "reset",
  "delay",
  "minority",
];

export interface Fault {
  /** 1-based position in the schedule. */
  index: number;
  kind: FaultKind;
  /** The realm the fault is aimed at (for `minority`, the realm left alone). */
  target: string;
  /** How long the fault lasts before it is healed. */
  holdMs: number;
  /** Extra latency per chunk, for `delay`. */
  delayMs?: number;
  /** Quiet time after the cluster recovered from the previous fault, before this one starts. */
  gapMs: number;
}

export interface ScheduleOptions {
  seed: number;
  faults: number;
  realms: readonly string[];
  /** @default 500 */
  minHoldMs?: number;
  /** @default 4000 */
  maxHoldMs?: number;
  /** Only these kinds (to replay one kind of fault many times). @default every kind */
  kinds?: readonly FaultKind[];
}

/** Small, fast and good enough for a test schedule (Tommy Ettinger's mulberry32). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A publish through the lone realm waits this long less 500 ms before it counts as refused. */
export const MINORITY_MIN_HOLD_MS = 3_000;

// Process faults weigh more than the minority fault, which pauses two realms at once.
const WEIGHTS: Record<FaultKind, number> = {
  kill: 3,
  pause: 2,
  restart: 2,
  blackhole: 2,
  reset: 2,
  delay: 2,
  minority: 1,
};

export function faultSchedule(options: ScheduleOptions): Fault[] {
  const { seed, faults, realms } = options;
  const minHoldMs = options.minHoldMs ?? 500;
  const maxHoldMs = options.maxHoldMs ?? 4_000;
  if (realms.length < 3) throw new Error("a chaos schedule needs three realms or more");
  const random = mulberry32(seed);
  const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const kinds = options.kinds ?? FAULT_KINDS;
  if (kinds.length === 0) throw new Error("a chaos schedule needs at least one kind of fault");
  const totalWeight = kinds.reduce((sum, kind) => sum + WEIGHTS[kind], 0);
  const pickKind = (): FaultKind => {
    let roll = random() * totalWeight;
    for (const kind of kinds) {
      roll -= WEIGHTS[kind];
      if (roll < 0) return kind;
    }
    return "kill";
  };
  const schedule: Fault[] = [];
  for (let index = 1; index <= faults; index++) {
    const kind = pickKind();
    const target = realms[between(0, realms.length - 1)] as string;
    // A lone realm gets long enough to show it refuses the write, not merely that it is slow.
    const holdMs =
      kind === "restart"
        ? 0
        : kind === "minority"
          ? between(MINORITY_MIN_HOLD_MS, Math.max(MINORITY_MIN_HOLD_MS, maxHoldMs))
          : between(minHoldMs, maxHoldMs);
    const fault: Fault = { index, kind, target, holdMs, gapMs: between(200, 1_500) };
    if (kind === "delay") fault.delayMs = between(50, 1_200);
    schedule.push(fault);
  }
  return schedule;
}

/** One line per fault, as the run prints and the report lists them. */
export function describeFault(fault: Fault): string {
  const delay = fault.delayMs === undefined ? "" : ` +${fault.delayMs} ms`;
  const hold = fault.kind === "restart" ? "" : ` for ${fault.holdMs} ms`;
  const alone = fault.kind === "minority" ? " (left alone)" : "";
  return `#${fault.index} ${fault.kind} ${fault.target}${alone}${delay}${hold}, after ${fault.gapMs} ms`;
}
