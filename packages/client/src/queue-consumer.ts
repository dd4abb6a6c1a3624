import type { Consumer, JsMsg } from "@nats-io/jetstream";
import { QUEUE_CONSUMER } from "@em/contracts";
import { AckError, StoreNotFoundError } from "./errors.js";
import { asStoreNotFound } from "./store-exists.js";
import { storedEvent, type StoredEvent } from "./channel-event.js";
import type { AckMode } from "./durable-subscription.js";
import type { LiveRealm } from "./realm-link.js";
import type { SessionContext } from "./session-context.js";
import { sleep } from "./sleep.js";

/** An event taken from a queue; until acknowledged it is redelivered to some consumer. */
export interface QueueEvent extends StoredEvent {
  /** How often it was delivered before (0 the first time). */
  redeliveries: number;
  /** Done with it: removes it from the queue (confirmed by the cluster). */
  ack: () => Promise<void>;
  /** Give it back: redelivered (to any consumer) after `delayMs`. */
  nack: (delayMs?: number) => void;
}

export type QueueHandler = (event: QueueEvent) => void | Promise<void>;

/** A running queue consumer. */
export interface QueueConsumer {
  readonly queue: string;
  /** Events the handler completed. */
  readonly handled: number;
  /** Events the handler threw on: each was nacked and will be redelivered. */
  readonly failed: number;
  /** Resolves when stopped; rejects when the session closes. */
  readonly done: Promise<void>;
  stop(): Promise<void>;
}

const FETCH_EXPIRES_MS = 1_000;

/**
 * `progressEveryMs`: while the event is neither acked nor nacked, tell the queue every so often
 * that it is still being worked on, so a slow handler keeps it while a dead consumer's events
 * come back after the queue's short ack wait.
 */
export function queueEvent(
  message: JsMsg,
  requestTimeoutMs: number,
  progressEveryMs?: number,
): QueueEvent {
  const eid = message.info.streamSequence;
  let settled = false;
  const progress =
    progressEveryMs === undefined
      ? undefined
      : setInterval(() => {
          try {
            message.working();
          } catch {
            // The connection is gone: the event comes back after the ack wait anyway.
            clearInterval(progress);
          }
        }, progressEveryMs);
  // Node: progress acks alone must not keep the process alive. A browser's timer is a number
  // with no unref(): calling it threw before the handler ran, so consume() handed over nothing.
  if (typeof progress === "object") progress.unref();
  const settle = () => {
    settled = true;
    clearInterval(progress);
  };
  return {
    ...storedEvent(eid, message.data, message.headers, () => message.time),
    redeliveries: message.info.deliveryCount - 1,
    async ack() {
      settle();
      const confirmed = await message
        .ackAck({ timeout: requestTimeoutMs })
        .catch((error: unknown) => {
          throw new AckError(`ack of queue EID ${eid} not confirmed`, { cause: error });
        });
      if (!confirmed) throw new AckError(`ack of queue EID ${eid} not confirmed`);
    },
    nack(delayMs?: number) {
      if (settled) return;
      settle();
      message.nak(delayMs);
    },
  };
}

/** How often a held event is reported still in progress: well within the queue's ack wait. */
export function progressInterval(consumer: Consumer): Promise<number> {
  return consumer
    .info(true)
    .then((info) => Math.max(100, (info.config.ack_wait ?? 30_000_000_000) / 1_000_000 / 3))
    .catch(() => 1_000);
}

/** The shared queue durable on the current realm (re-fetched after each failover). */
export async function queueConsumerOn(
  context: SessionContext,
  live: LiveRealm,
  stream: string,
  queue: string,
): Promise<Consumer> {
  try {
    return await context.js(live).consumers.get(stream, QUEUE_CONSUMER);
  } catch (error) {
    throw asStoreNotFound(error, queue);
  }
}

/**
 * Pulls at most `prefetch` events at a time from the queue's shared durable and hands them to
 * `handler` one by one. `auto`: acked when the handler returns; `explicit`: the
 * handler acks or nacks. A handler that throws nacks the event (redelivered, never lost). Events fetched but not handled when the consumer
 * stops are nacked, so another consumer gets them at once; after a lost realm they come back
 * when the queue's ack wait ends (5 s for queues the admin API creates), while events still in
 * a handler are kept with progress acks.
 */
export class QueueReader implements QueueConsumer {
  handled = 0;
  failed = 0;
  readonly done: Promise<void>;
  private stopped = false;
  private readonly stopSignal = new AbortController();

  constructor(
    private readonly context: SessionContext,
    readonly queue: string,
    private readonly stream: string,
    private readonly handler: QueueHandler,
    private readonly prefetch: number,
    private readonly ack: AckMode,
  ) {
    this.done = this.run();
    this.done.catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopSignal.abort();
    await this.done.catch(() => undefined);
  }

  private async run(): Promise<void> {
    const stopped = new Promise<undefined>((resolve) =>
      this.stopSignal.signal.addEventListener("abort", () => resolve(undefined)),
    );
    while (!this.stopped) {
      const live = await Promise.race([this.context.link.connection(), stopped]);
      if (!live) return;
      try {
        const consumer = await queueConsumerOn(this.context, live, this.stream, this.queue);
        const progressEveryMs = await progressInterval(consumer);
        while (!this.stopped && this.context.link.current === live) {
          const messages = await consumer.fetch({
            max_messages: this.prefetch,
            expires: FETCH_EXPIRES_MS,
          });
          for await (const message of messages) {
            if (this.stopped) message.nak();
            // Taken through a lost realm: its ack could not reach the cluster, so handling it
            // now would only handle it twice. It is redelivered after the ack wait.
            else if (this.context.link.current !== live) break;
            else await this.handle(message, progressEveryMs);
          }
        }
      } catch (error) {
        if (error instanceof StoreNotFoundError) throw error;
        await sleep(250, this.stopSignal.signal);
      }
    }
  }

  private async handle(message: JsMsg, progressEveryMs: number): Promise<void> {
    const event = queueEvent(message, this.context.options.requestTimeoutMs, progressEveryMs);
    try {
      await this.handler(event);
    } catch {
      // A failing handler gives the event back (nack): it is redelivered, never lost.
      event.nack();
      this.failed++;
      return;
    }
    // An unconfirmed ack means the event may come again: queues are at-least-once, as in UM.
    if (this.ack === "auto") await event.ack().catch(() => undefined);
    this.handled++;
  }
}
