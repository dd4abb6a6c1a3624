import type { JsMsg } from "@nats-io/jetstream";
import { AckError, HandlerError, StoreNotFoundError } from "./errors.js";
import { asStoreNotFound } from "./store-exists.js";
import { storedEvent, type StoredEvent } from "./channel-event.js";
import type { StartPosition } from "./channel-start.js";
import type { ChannelSubscription, SubscriptionStats } from "./channel-subscription.js";
import { ensureDurable } from "./durable-consumer.js";
import type { SessionContext } from "./session-context.js";
import { sleep } from "./sleep.js";

/** An event of a durable subscription with explicit acknowledgement. */
export interface AckableEvent extends StoredEvent {
  /** Tells the cluster the event is handled: a restarted subscriber resumes after it. */
  ack: () => Promise<void>;
  /** How often the event was delivered before (0 the first time). */
  redeliveries: number;
}

/** `auto`: acknowledged when the handler returns; `explicit`: the handler calls `event.ack()`. */
export type AckMode = "auto" | "explicit";

export type DurableHandler = (event: AckableEvent) => void | Promise<void>;

export interface DurableSettings {
  name: string;
  ack: AckMode;
  start: StartPosition;
  maxAckPending: number;
  ackWaitMs: number;
}

/** Pull requests expire after this long, so a lost realm is noticed by the next request. */
const FETCH_EXPIRES_MS = 1_000;

/**
 * A named subscription whose position the cluster keeps (a durable consumer). Acks are
 * confirmed (`ackAck`), so a restarted process resumes after the last acknowledged EID; in one
 * process, an event redelivered after a failover although acknowledged is not handled twice.
 */
export class DurableReader implements ChannelSubscription {
  lastEid = 0;
  readonly stats: SubscriptionStats = { delivered: 0, gaps: 0, duplicates: 0, resumes: 0 };
  readonly done: Promise<void>;
  readonly ready: Promise<void>;
  private markReady!: () => void;
  private stopped = false;
  private readonly stopSignal = new AbortController();
  private readonly acked = new Set<number>();

  constructor(
    private readonly context: SessionContext,
    readonly channel: string,
    private readonly stream: string,
    private readonly subject: string,
    private readonly handler: DurableHandler,
    private readonly settings: DurableSettings,
  ) {
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    this.done = this.run();
    this.done.catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopSignal.abort();
    await this.done.catch(() => undefined);
  }

  private async run(): Promise<void> {
    let lastLive;
    const stopped = new Promise<undefined>((resolve) =>
      this.stopSignal.signal.addEventListener("abort", () => resolve(undefined)),
    );
    while (!this.stopped) {
      const live = await Promise.race([this.context.link.connection(), stopped]);
      if (!live) return;
      if (lastLive && lastLive !== live) this.stats.resumes++;
      lastLive = live;
      try {
        const jsm = await this.context.jsm(live);
        await ensureDurable(jsm, this.stream, this.subject, this.settings.name, this.settings);
        this.markReady();
        const consumer = await this.context.js(live).consumers.get(this.stream, this.settings.name);
        while (!this.stopped && this.context.link.current === live) {
          const messages = await consumer.fetch({
            max_messages: this.settings.maxAckPending,
            expires: FETCH_EXPIRES_MS,
          });
          for await (const message of messages) {
            // Fetched through a lost realm: leave it to be redelivered on the new one.
            if (this.stopped || this.context.link.current !== live) break;
            await this.deliver(message);
          }
        }
      } catch (error) {
        if (error instanceof HandlerError) throw error;
        const missing = asStoreNotFound(error, this.channel);
        if (missing instanceof StoreNotFoundError) throw missing;
        await sleep(250, this.stopSignal.signal);
      }
    }
  }

  private async deliver(message: JsMsg): Promise<void> {
    const eid = message.info.streamSequence;
    if (this.acked.has(eid) || (this.settings.ack === "auto" && eid <= this.lastEid)) {
      this.stats.duplicates++;
      await message.ackAck().catch(() => false);
      return;
    }
    const confirmAck = async () => {
      const confirmed = await message
        .ackAck({ timeout: this.context.options.requestTimeoutMs })
        .catch((error: unknown) => {
          throw new AckError(`ack of EID ${eid} not confirmed`, { cause: error });
        });
      if (!confirmed) throw new AckError(`ack of EID ${eid} not confirmed`);
      this.acked.add(eid);
      if (this.acked.size > 10_000) this.acked.delete(this.acked.values().next().value as number);
    };
    const event: AckableEvent = {
      ...storedEvent(eid, message.data, message.headers, () => message.time),
      ack: confirmAck,
      redeliveries: message.info.deliveryCount - 1,
    };
    try {
      await this.handler(event);
    } catch (error) {
      message.nak();
      throw new HandlerError(
        `the handler of durable ${this.settings.name} on ${this.channel} failed on EID ${eid}`,
        eid,
        { cause: error },
      );
    }
    this.lastEid = Math.max(this.lastEid, eid);
    this.stats.delivered++;
    // Unconfirmed (the realm went away): the redelivery is recognised by lastEid and acked then.
    if (this.settings.ack === "auto") await confirmAck().catch(() => undefined);
  }
}
