// What the examples count and print: events sent and received, and what a subscriber missed or
// got twice — the numbers the seed's scenarios promise stay at zero.
import { parseArgs } from "node:util";
import type { Session } from "@em/client";

/** The examples' command line: `--events 500 --rate 50 --kill`. */
export function exampleArgs(defaults: { kill: string | undefined }) {
  const { values } = parseArgs({
    options: {
      events: { type: "string", default: "500" },
      rate: { type: "string", default: "50" },
      kill: { type: "string" },
      "no-kill": { type: "boolean", default: false },
    },
  });
  const events = Number(values.events);
  const rate = Number(values.rate);
  if (!Number.isInteger(events) || events < 2) throw new Error("--events: a whole number ≥ 2");
  if (!(rate > 0)) throw new Error("--rate: events per second, more than 0");
  return {
    events,
    /** Milliseconds between two publishes. */
    intervalMs: 1000 / rate,
    /** The realm to SIGKILL (through realmd) half-way, started again at the end; none with --no-kill. */
    kill: values["no-kill"] ? undefined : (values.kill ?? defaults.kill),
  };
}

/** Prints every connection change of a session, prefixed with its role. */
export function logStatus(role: string, session: Session): { failovers: number } {
  const counts = { failovers: 0 };
  console.log(`[${role}] connected to ${session.realm ?? "no realm yet"}`);
  session.on("disconnected", (status) =>
    console.log(`[${role}] lost ${status.realm}: ${status.reason}`),
  );
  session.on("reconnecting", (status) =>
    console.log(`[${role}] trying ${status.next} (attempt ${status.attempt})`),
  );
  session.on("reconnected", (status) => {
    counts.failovers++;
    console.log(
      `[${role}] failed over ${status.fromRealm} → ${status.realm} after ${status.stallMs} ms`,
    );
  });
  return counts;
}

/** Received event numbers, checked against what was sent. */
export class EventTally {
  private readonly seen = new Map<number, number>();
  received = 0;

  record(n: number): void {
    this.received++;
    this.seen.set(n, (this.seen.get(n) ?? 0) + 1);
  }

  /** How many of 1…sent were never received, and how many arrived more than once. */
  summary(sent: number): { missing: number; duplicated: number } {
    let missing = 0;
    for (let n = 1; n <= sent; n++) if (!this.seen.has(n)) missing++;
    const duplicated = [...this.seen.values()].reduce((sum, count) => sum + count - 1, 0);
    return { missing, duplicated };
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An example event `{"run":"…","n":7}`, or undefined for anything else on the channel. */
export function parseRunEvent(text: string): { run: string; n: number } | undefined {
  try {
    const body = JSON.parse(text) as { run?: unknown; n?: unknown };
    return typeof body.run === "string" && typeof body.n === "number"
      ? { run: body.run, n: body.n }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Subscribes to `channel` from its latest event and tallies this run's numbered events only:
 * the channel may hold (and receive) others. Publish `{ run, n }` with the returned `run`.
 */
export async function tallyRun(subscriber: Session, channel: string) {
  const run = Date.now().toString(36);
  const tally = new EventTally();
  const subscription = await subscriber.subscribe(
    channel,
    (event) => {
      const body = parseRunEvent(event.text());
      if (body?.run === run) tally.record(body.n);
    },
    { fromLatest: true },
  );
  return { run, tally, subscription };
}
