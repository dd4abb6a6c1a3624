import { nuid, type MsgHdrs } from "@nats-io/nats-core";
import {
  PublishRejectedError,
  PublishTimeoutError,
  SessionClosedError,
  StoreNotFoundError,
} from "./errors.js";
import { asPermissionDenied, assertChannelExists } from "./store-exists.js";
import { encodeData, eventHeaders, type EventData, type EventOptions } from "./channel-event.js";
import { classifyAttemptFailure } from "./publish-errors.js";
import type { LiveRealm } from "./realm-link.js";
import type { SessionContext } from "./session-context.js";
import { sleep } from "./sleep.js";

/** The cluster's answer to a publish. */
export interface Published {
  /** The EID the event was stored at. */
  eid: number;
  eventId: string;
  /** True when the event id had been stored before (a retry): `eid` is that event's. */
  duplicate: boolean;
}

/** An event accepted into the publisher's window, not yet necessarily stored. */
export interface PendingPublish {
  eventId: string;
  /** Resolves once the cluster stored the event; rejects with a publish error. */
  stored: Promise<Published>;
}

/** A channel or queue as the engine knows it. */
export interface StoreAddress {
  name: string;
  stream: string;
  subject: string;
}

interface Entry {
  eventId: string;
  data: Uint8Array;
  headers: MsgHdrs;
  deadline: number;
  sent: boolean;
  lastError: unknown;
  resolve: (published: Published) => void;
  reject: (error: Error) => void;
}

/** A pause after "nobody answered", so an election is not hammered with requests. */
const UNAVAILABLE_PAUSE_MS = 200;

/**
 * Publishes events of one channel or queue subject in order with at most `maxInFlight`
 * unacknowledged. When an attempt fails, nothing new is sent; once every attempt in flight has
 * settled, the unacknowledged events are sent again, in their order, with their ids — so each
 * is stored exactly once and a publisher's order holds across failover.
 */
export class ChannelPublisher {
  private readonly entries: Entry[] = [];
  private readonly roomWaiters: (() => void)[] = [];
  private inFlight = 0;
  private failing: "connection" | "timeout" | "unavailable" | undefined;
  private pumping = false;
  private wakePump: (() => void) | undefined;
  private failures: Error[] = [];
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly context: SessionContext,
    private readonly store: StoreAddress,
    private readonly maxInFlight: number,
  ) {}

  /** Events accepted and not yet stored or failed. */
  get pending(): number {
    return this.entries.length;
  }

  /** Waits for room in the window (back-pressure), then queues the event. */
  async publish(data: EventData, options: EventOptions = {}): Promise<PendingPublish> {
    // Callers wait in line, so events enter the window in the order publish() was called.
    if (this.entries.length >= this.maxInFlight || this.roomWaiters.length > 0) {
      await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
      while (this.entries.length >= this.maxInFlight && !this.context.link.isClosed)
        await new Promise<void>((resolve) => this.roomWaiters.unshift(resolve));
    }
    if (this.context.link.isClosed) throw new SessionClosedError();
    const eventId = options.eventId ?? nuid.next();
    let entry!: Entry;
    const stored = new Promise<Published>((resolve, reject) => {
      entry = {
        eventId,
        data: encodeData(data),
        headers: eventHeaders(eventId, options),
        deadline: this.context.options.now() + this.context.options.publishTimeoutMs,
        sent: false,
        lastError: undefined,
        resolve,
        reject,
      };
    });
    // A caller that only awaits flush() must not crash the process with an unhandled rejection.
    stored.catch((error: Error) => this.failures.push(error));
    this.entries.push(entry);
    this.pump();
    return { eventId, stored };
  }

  /** Resolves when every accepted event is stored; rejects with the first failure since the last flush. */
  async flush(): Promise<void> {
    while (this.entries.length > 0) await new Promise<void>((r) => this.idleWaiters.push(r));
    const [first] = this.failures.splice(0);
    if (first) throw first;
  }

  private settle(entry: Entry, outcome: Published | Error): void {
    const index = this.entries.indexOf(entry);
    if (index >= 0) this.entries.splice(index, 1);
    if (outcome instanceof Error) entry.reject(outcome);
    else entry.resolve(outcome);
    this.roomWaiters.shift()?.();
    if (this.entries.length === 0) for (const idle of this.idleWaiters.splice(0)) idle();
  }

  private pump(): void {
    this.wakePump?.();
    if (this.pumping) return;
    this.pumping = true;
    void this.run().finally(() => (this.pumping = false));
  }

  private async run(): Promise<void> {
    while (this.entries.length > 0) {
      let live: LiveRealm;
      try {
        live = await this.context.link.connection();
      } catch (error) {
        for (const entry of [...this.entries]) this.settle(entry, error as Error);
        return;
      }
      if (this.failing === undefined) {
        for (const entry of this.entries) {
          if (this.inFlight >= this.maxInFlight || this.failing !== undefined) break;
          if (!entry.sent) this.send(entry, live);
        }
      } else if (this.inFlight === 0) {
        await this.resendAfter(this.failing);
        continue;
      }
      await new Promise<void>((resolve) => (this.wakePump = resolve));
      this.wakePump = undefined;
    }
  }

  /** Every attempt has settled after a failure: expire what is too old, resend the rest. */
  private async resendAfter(failure: "connection" | "timeout" | "unavailable"): Promise<void> {
    if (failure === "unavailable") {
      await sleep(UNAVAILABLE_PAUSE_MS);
      // Nobody answering a publish is also what a channel that does not exist looks like.
      const missing = await this.storeMissing();
      if (missing) for (const entry of [...this.entries]) this.settle(entry, missing);
    }
    const now = this.context.options.now();
    for (const entry of [...this.entries]) {
      entry.sent = false;
      if (now >= entry.deadline)
        this.settle(
          entry,
          new PublishTimeoutError(
            `event ${entry.eventId} not acknowledged within ${this.context.options.publishTimeoutMs} ms; ` +
              "it may still be stored: publishing it again with the same eventId stores it at most once",
            entry.eventId,
            { cause: entry.lastError },
          ),
        );
    }
    this.failing = undefined;
  }

  private async storeMissing(): Promise<StoreNotFoundError | undefined> {
    const live = this.context.link.current;
    if (!live) return undefined;
    try {
      await assertChannelExists(await this.context.jsm(live), this.store.stream, this.store.name);
      return undefined;
    } catch (error) {
      return error instanceof StoreNotFoundError ? error : undefined;
    }
  }

  private send(entry: Entry, live: LiveRealm): void {
    entry.sent = true;
    this.inFlight++;
    const timeout = this.context.options.publishAttemptTimeoutMs;
    this.context
      .js(live)
      .publish(this.store.subject, entry.data, {
        msgID: entry.eventId,
        headers: entry.headers,
        timeout,
      })
      .then(
        (ack) => {
          // A retry that reaches the cluster while the first attempt is still being stored is
          // acknowledged as a duplicate without an EID (seq 0, seen on 2.10.27 after a
          // failover): ask again with the same id, as after a timeout, until the EID is known.
          if (ack.seq === 0) {
            entry.lastError = new Error(`event ${entry.eventId} acknowledged without its EID`);
            if (this.failing !== "connection") this.failing = "timeout";
            return;
          }
          this.settle(entry, { eid: ack.seq, eventId: entry.eventId, duplicate: ack.duplicate });
        },
        (error: unknown) => {
          const failure = classifyAttemptFailure(error);
          entry.lastError = error;
          if (failure === "rejected")
            this.settle(
              entry,
              asPermissionDenied(error, this.store.name, "publish") ??
                new PublishRejectedError(
                  `the cluster refused event ${entry.eventId}: ${(error as Error).message}`,
                  entry.eventId,
                  { cause: error },
                ),
            );
          else {
            // A connection failure outranks a timeout: it decides whether we wait for a realm.
            if (this.failing !== "connection") this.failing = failure;
            if (failure === "connection") this.context.link.lose(live, (error as Error).message);
          }
        },
      )
      .finally(() => {
        this.inFlight--;
        this.wakePump?.();
      });
  }
}
