import type { MsgHdrs, Subscription } from "@nats-io/nats-core";
import type { JetStreamManager, StoredMsg } from "@nats-io/jetstream";
import { readThroughConsumer } from "./channel-consumer-read.js";
import { HandlerError } from "./errors.js";
import { asPermissionDenied, assertChannelExists } from "./store-exists.js";
import { storedEvent, type StoredEvent } from "./channel-event.js";
import { firstEidFor, type StartPosition } from "./channel-start.js";
import type { LiveRealm } from "./realm-link.js";
import type { SessionContext } from "./session-context.js";
import { orTimeout, sleep } from "./sleep.js";

/** Handles one event; the next is delivered once it returns (or its promise resolves). */
export type ChannelHandler = (event: StoredEvent) => void | Promise<void>;

/** What a subscription has seen, also sent in failover reports. */
export interface SubscriptionStats {
  delivered: number;
  /** EIDs skipped because they were no longer stored (TTL, capacity, purge). */
  gaps: number;
  /** Events read twice and not delivered again (should stay 0). */
  duplicates: number;
  /** Failovers the subscription resumed across. */
  resumes: number;
}

/** A running subscription to a channel. */
export interface ChannelSubscription {
  readonly channel: string;
  /** The EID of the last event the handler completed; 0 before the first. */
  readonly lastEid: number;
  readonly stats: Readonly<SubscriptionStats>;
  /** Resolves when stopped; rejects with `HandlerError` or the session's close error. */
  readonly done: Promise<void>;
  stop(): Promise<void>;
}

/** Reads at most this many EIDs ahead in one round of direct gets. */
const MAX_READ_AHEAD = 64;
/** A breath between failed reads, so a cluster without answers is not flooded. */
const RETRY_PAUSE_MS = 50;
/** Reads again this often, this many times, after a wake-up found nothing stored yet. */
const WAKE_RETRY_MS = 10;
const WAKE_RETRIES = 5;
/** How long after leaving an ordered consumer (or failing to make one) the reader tries again. */
const CONSUMER_RETRY_MS = 5_000;
/** How long the ordered consumer may stay silent before a direct get checks it is not stuck. */
const CONSUMER_STALL_CHECK_MS = 250;
/**
 * A direct get not answered within this long is sent again (up to `READ_SENDS` times in all):
 * live replicas answer in a few milliseconds, and the copy most likely reaches one of them
 * rather than a paused replica that the cluster still counts on.
 */
const READ_HEDGE_MS = 40;
const READ_SENDS = 4;

/**
 * Reads a channel by EID through direct get, which any replica answers — also during stream
 * and meta leader elections — so resuming after failover is reading EID lastEid+1 from the new
 * realm. A core subscription on the channel subject wakes the reader; a short poll is the
 * watchdog when a wake-up is missed (a lagging replica answered, the wake subscription was lost).
 */
export class ChannelReader implements ChannelSubscription {
  lastEid = 0;
  readonly stats: SubscriptionStats = { delivered: 0, gaps: 0, duplicates: 0, resumes: 0 };
  readonly done: Promise<void>;
  /** Resolves once the start EID is fixed: events published after it are delivered. */
  readonly ready: Promise<void>;
  private markReady!: () => void;
  private stopped = false;
  /** The next EID to deliver; 0 until the start position is resolved. */
  private nextEid = 0;
  /** Whether a jump past `nextEid` counts as a gap (not for the first event of `fromLatest`). */
  private strictStart: boolean;
  private readonly stopSignal = new AbortController();
  private wakeUp: (() => void) | undefined;
  private woken = false;
  private wakeSubscription: { live: LiveRealm; subscription: Subscription } | undefined;
  private readonly stoppedPromise = new Promise<undefined>((resolve) =>
    this.stopSignal.signal.addEventListener("abort", () => resolve(undefined), { once: true }),
  );

  constructor(
    private readonly context: SessionContext,
    readonly channel: string,
    private readonly stream: string,
    private readonly subject: string,
    private readonly handler: ChannelHandler,
    private readonly start: StartPosition,
    private readonly pollIntervalMs: number,
  ) {
    this.strictStart = "fromEid" in start;
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    // An idle reader must not sit out its poll interval on a connection that is gone.
    const stopWaking = context.link.onLost(() => this.wake());
    this.done = this.run().finally(() => {
      stopWaking();
      try {
        this.wakeSubscription?.subscription.unsubscribe();
      } catch {
        // the connection is already closed
      }
    });
    // done is also awaited through stop(); an unobserved failure is reported there, not thrown.
    this.done.catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopSignal.abort();
    this.wake();
    await this.done.catch(() => undefined);
  }

  private wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  private async run(): Promise<void> {
    let lastLive: LiveRealm | undefined;
    let readAhead = 1;
    let consumerTryAt = 0;
    let wakeRetries = 0;
    while (!this.stopped) {
      const live = await Promise.race([this.context.link.connection(), this.stoppedPromise]);
      if (!live) return;
      if (lastLive && lastLive !== live && this.stats.delivered > 0) this.stats.resumes++;
      lastLive = live;
      try {
        if (this.ensureWakeSubscription(live)) {
          // A new realm (or the first): once the realm has the wake subscription (a flush is
          // its round trip), read from the next EID at once and shortly again, so an event
          // published during the switch is not left to the poll.
          await orTimeout(live.nc.flush(), this.context.options.requestTimeoutMs, undefined);
          this.woken = true;
        }
        const jsm = await this.context.jsm(live);
        if (this.nextEid === 0) {
          this.nextEid = await firstEidFor(jsm, this.stream, this.subject, this.start);
          this.markReady();
        }
        if (readAhead === MAX_READ_AHEAD && Date.now() >= consumerTryAt) {
          // A backlog or a fast channel: read through an ordered consumer until it stalls.
          consumerTryAt = Date.now() + CONSUMER_RETRY_MS;
          await this.readThroughConsumer(live).catch((error: unknown) => {
            if (error instanceof HandlerError) throw error;
          });
          readAhead = 1;
          continue;
        }
        // A wake-up comes when an event is published, which can be before the replica that
        // answers has stored it: then read again shortly rather than wait for the poll.
        if (this.woken) wakeRetries = WAKE_RETRIES;
        this.woken = false;
        const reader = await this.context.reader(live);
        // Settled one by one, in EID order, each delivered as soon as it is there: a paused
        // replica still attracts some reads (until the routes notice), and its timeouts must not
        // hold back the answers other replicas gave.
        const first = this.nextEid;
        const answers = Array.from({ length: readAhead }, (_, i) => this.readAt(reader, first + i));
        for (const answer of answers) answer.catch(() => undefined);
        let delivered = 0;
        let failure: unknown;
        for (const answer of answers) {
          let message: StoredMsg | null;
          try {
            message = await answer;
          } catch (error) {
            failure = error;
            break;
          }
          // A null answer: nothing stored from there on, at least on the replica that answered.
          if (!message || this.stopped) break;
          if (await this.accept(message.seq, message.data, message.header, () => message.time))
            delivered++;
        }
        readAhead = delivered === answers.length ? Math.min(readAhead * 2, MAX_READ_AHEAD) : 1;
        if (failure !== undefined && delivered === 0)
          throw failure instanceof Error ? failure : new Error("read failed", { cause: failure });
        if (delivered > 0) continue;
        if (wakeRetries-- > 0) await sleep(WAKE_RETRY_MS, this.stopSignal.signal);
        else await this.idle();
      } catch (error) {
        if (error instanceof HandlerError) throw error;
        const denied = asPermissionDenied(error, this.channel, "read");
        if (denied) throw denied;
        if (this.nextEid === 0 || this.stats.delivered === 0)
          await assertChannelExists(await this.context.jsm(live), this.stream, this.channel);
        // A timeout or no answer: an election, a dying realm. The link decides about the realm;
        // the next read goes out at once and most likely reaches a live replica.
        await sleep(RETRY_PAUSE_MS, this.stopSignal.signal);
      }
    }
  }

  /**
   * Reads the first event at or after `eid` by direct get. Any replica answers, so a read that
   * is not answered at once is sent again; the first answer counts. Rejects only when every
   * copy failed.
   */
  private readAt(reader: JetStreamManager, eid: number): Promise<StoredMsg | null> {
    return new Promise((resolve, reject) => {
      let sent = 0;
      let failed = 0;
      let settled = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const send = () => {
        if (settled || sent >= READ_SENDS) return;
        sent++;
        clearTimeout(timer);
        if (sent < READ_SENDS) timer = setTimeout(send, READ_HEDGE_MS);
        reader.direct.getMessage(this.stream, { seq: eid, next_by_subj: this.subject }).then(
          (message) => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            resolve(message);
          },
          (error: unknown) => {
            failed++;
            if (settled) return;
            if (sent < READ_SENDS && !this.stopped) return send();
            if (failed < sent) return;
            settled = true;
            clearTimeout(timer);
            reject(error instanceof Error ? error : new Error("read failed", { cause: error }));
          },
        );
      };
      send();
    });
  }

  private readThroughConsumer(live: LiveRealm): Promise<void> {
    return readThroughConsumer(
      this.context.js(live),
      this.stream,
      this.subject,
      {
        nextEid: () => this.nextEid,
        deliver: (message) => {
          // An ordered consumer that reset itself may send an EID again: never delivered twice.
          if (message.info.streamSequence < this.nextEid) this.stats.duplicates++;
          return this.accept(
            message.info.streamSequence,
            message.data,
            message.headers,
            () => message.time,
          );
        },
        behind: async () => {
          const reader = await this.context.reader(live);
          const waiting = await this.readAt(reader, this.nextEid);
          return waiting !== null;
        },
        keepGoing: () => !this.stopped && this.context.link.current === live,
        onStop: (stop) => {
          const stopOnLoss = this.context.link.onLost(stop);
          this.stopSignal.signal.addEventListener("abort", stop, { once: true });
          return () => {
            stopOnLoss();
            this.stopSignal.signal.removeEventListener("abort", stop);
          };
        },
      },
      Math.min(this.pollIntervalMs, CONSUMER_STALL_CHECK_MS),
      this.context.options.requestTimeoutMs,
    );
  }

  /**
   * Delivers the event at `eid` if it is the next one (or the next still stored: the EIDs in
   * between are counted as gaps); an EID already passed is not delivered again.
   */
  private accept(
    eid: number,
    data: Uint8Array,
    header: MsgHdrs | undefined,
    time: () => Date,
  ): boolean | Promise<boolean> {
    // Overlapping read-ahead answers (an EID was missing) are not new events.
    if (eid < this.nextEid) return false;
    if (eid > this.nextEid && this.strictStart) this.stats.gaps += eid - this.nextEid;
    const event = storedEvent(eid, data, header, time);
    let result: void | Promise<void>;
    try {
      result = this.handler(event);
    } catch (error) {
      throw this.handlerError(eid, error);
    }
    // A synchronous handler costs no extra turn of the event loop per event.
    if (!(result instanceof Promise)) return this.handled(eid);
    return result.then(
      () => this.handled(eid),
      (error: unknown) => {
        throw this.handlerError(eid, error);
      },
    );
  }

  private handled(eid: number): true {
    this.strictStart = true;
    this.nextEid = eid + 1;
    this.lastEid = eid;
    this.stats.delivered++;
    return true;
  }

  private handlerError(eid: number, cause: unknown): HandlerError {
    return new HandlerError(
      `the handler of ${this.channel} failed on EID ${eid}; the subscription stopped at EID ${this.lastEid}`,
      eid,
      { cause },
    );
  }

  /** Waits for a wake-up from the channel subject, at most one poll interval. */
  private idle(): Promise<void> {
    if (this.woken) return Promise.resolve();
    return new Promise((resolve) => {
      const signal = this.stopSignal.signal;
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, this.pollIntervalMs);
      this.wakeUp = done;
      signal.addEventListener("abort", done, { once: true });
    });
  }

  /** Subscribes to wake-ups on `live`; true when the subscription is new. */
  private ensureWakeSubscription(live: LiveRealm): boolean {
    if (this.wakeSubscription?.live === live) return false;
    try {
      this.wakeSubscription?.subscription.unsubscribe();
    } catch {
      // the old connection is already closed
    }
    const subscription = live.nc.subscribe(this.subject, { callback: () => this.wake() });
    this.wakeSubscription = { live, subscription };
    return true;
  }
}
