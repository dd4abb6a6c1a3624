import type {
  ConnectionBurstEvent,
  ConnectionClosedEvent,
  ConnectionOpenedEvent,
} from "@em/contracts";

/** @default 150 — connection events are held this long and sent together. */
export const CONNECTION_FLUSH_MS = 150;

/**
 * @default 50 — a flush with more connection events than this sends one `connections:burst`
 * summary instead: a browser should not draw a thousand rows for a realm that just died.
 */
export const CONNECTION_BURST_THRESHOLD = 50;

export type ConnectionLiveEvent =
  | { name: "connection:opened"; payload: ConnectionOpenedEvent }
  | { name: "connection:closed"; payload: ConnectionClosedEvent };

export type Flushed =
  | { kind: "single"; events: ConnectionLiveEvent[] }
  | { kind: "burst"; burst: ConnectionBurstEvent };

/** Holds connection events between flushes and says what one flush should send. */
export class ConnectionCoalescer {
  private held: ConnectionLiveEvent[] = [];

  constructor(private readonly threshold = CONNECTION_BURST_THRESHOLD) {}

  get size(): number {
    return this.held.length;
  }

  add(event: ConnectionLiveEvent): void {
    this.held.push(event);
  }

  /** What to send for the events held since the last flush; undefined when none. */
  flush(): Flushed | undefined {
    const events = this.held;
    if (events.length === 0) return undefined;
    this.held = [];
    if (events.length <= this.threshold) return { kind: "single", events };
    const burst: ConnectionBurstEvent = { opened: 0, closed: 0, byRealm: {}, from: "", to: "" };
    for (const { name, payload } of events) {
      const realm = (burst.byRealm[payload.realm] ??= { opened: 0, closed: 0 });
      if (name === "connection:opened") {
        burst.opened++;
        realm.opened++;
      } else {
        burst.closed++;
        realm.closed++;
      }
      if (burst.from === "" || payload.at < burst.from) burst.from = payload.at;
      if (payload.at > burst.to) burst.to = payload.at;
    }
    return { kind: "burst", burst };
  }
}
