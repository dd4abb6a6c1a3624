import { SessionClosedError, type Session } from "@em/client";
import type { Logger } from "../logger.js";
import type { DemoEventBody } from "./delivery-check.js";
import { recordFailovers, type DemoFailover } from "./demo-failovers.js";
import { StallMeter } from "./stall-meter.js";

/**
 * @default 1000 — how far a publisher may fall behind its schedule before it starts the
 * schedule afresh instead of catching up: after an election it does not burst out the events
 * it missed (nor could it keep up with a rate its one event in flight cannot reach).
 */
const MAX_BEHIND_MS = 1_000;

/** @default 200 — between retries of an event the SDK gave up on. */
const RETRY_PAUSE_MS = 200;

/**
 * A demo publisher session: numbered events on a steady schedule, one in flight at a time so
 * the channel holds them in order, each with a stable event id so a retry after a failover is
 * stored once. A number is never skipped: an event the SDK gave up on is published again under
 * the same id. Each event carries the time it was due, so every session can tell how late it
 * got it: a publisher held up by an election makes its subscribers wait as long.
 */
export class DemoPublisher {
  readonly role = "publisher" as const;
  readonly failovers: DemoFailover[] = [];
  readonly stall = new StallMeter();
  /** Events acknowledged by the cluster; also the highest number acknowledged. */
  events = 0;
  /** When the event in flight was due; null when none is in flight. */
  private inFlightDueAt: number | null = null;
  private readonly stopSignal = new AbortController();
  private readonly stopRecording: () => void;
  private readonly loop: Promise<void>;

  constructor(
    readonly session: Session,
    private readonly channel: string,
    private readonly run: string,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {
    this.stopRecording = recordFailovers(session, this.failovers);
    this.loop = this.publishLoop();
  }

  get name(): string {
    return this.session.name;
  }

  /** How long the event in flight has been due; 0 when none is. */
  pendingMs(now = Date.now()): number {
    return this.inFlightDueAt === null ? 0 : Math.max(0, now - this.inFlightDueAt);
  }

  async stop(): Promise<void> {
    this.stopSignal.abort();
    this.stopRecording();
    // Closing rejects the publish in flight, which ends the loop.
    await this.session.close().catch(() => undefined);
    await this.loop;
  }

  private async publishLoop(): Promise<void> {
    let dueAt = Date.now();
    for (let n = 1; !this.stopSignal.signal.aborted; n++) {
      await this.sleep(dueAt - Date.now());
      if (this.stopSignal.signal.aborted) return;
      const body: DemoEventBody = { run: this.run, publisher: this.name, n, sentAt: dueAt };
      this.inFlightDueAt = dueAt;
      const stored = await this.publishUntilStored(body);
      this.inFlightDueAt = null;
      if (!stored) return;
      const now = Date.now();
      this.events = n;
      this.stall.record(now - dueAt);
      dueAt += this.intervalMs;
      if (now - dueAt > MAX_BEHIND_MS) dueAt = now;
    }
  }

  private async publishUntilStored(body: DemoEventBody): Promise<boolean> {
    const eventId = `${body.run}-${body.publisher}-${body.n}`;
    while (!this.stopSignal.signal.aborted) {
      try {
        await this.session.publish(this.channel, JSON.stringify(body), { eventId });
        return true;
      } catch (error) {
        if (error instanceof SessionClosedError) return false;
        this.logger.warn(
          { err: error, session: this.name, n: body.n },
          "demo publish not stored; retrying",
        );
        await this.sleep(RETRY_PAUSE_MS);
      }
    }
    return false;
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.stopSignal.signal.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.stopSignal.signal.addEventListener("abort", done, { once: true });
    });
  }
}
