import {
  StoreNameSchema,
  streamNameFor,
  subjectFor,
  type SessionReportSubscription,
} from "@em/contracts";
import { StoreNotFoundError } from "./errors.js";
import type { EventData, EventOptions } from "./channel-event.js";
import { ChannelPublisher, type PendingPublish, type Published } from "./channel-publisher.js";
import { startPositionOf, type StartOptions } from "./channel-start.js";
import {
  ChannelReader,
  type ChannelHandler,
  type ChannelSubscription,
} from "./channel-subscription.js";
import { DurableReader, type AckMode, type DurableHandler } from "./durable-subscription.js";
import {
  QueueReader,
  queueConsumerOn,
  queueEvent,
  type QueueConsumer,
  type QueueEvent,
  type QueueHandler,
} from "./queue-consumer.js";
import { RealmLink } from "./realm-link.js";
import { parseRnames } from "./rname.js";
import { SessionContext } from "./session-context.js";
import { resolveOptions, type SessionOptions } from "./session-options.js";
import { startSessionReports } from "./session-reporter.js";
import {
  StatusFeed,
  type SessionStatus,
  type SessionStatusType,
  type StatusListener,
} from "./session-status.js";
import { defaultTransport } from "./transport.js";
import { sleep } from "./sleep.js";

/** Options of `subscribe` for a plain (non-durable) subscription. */
export type SubscribeOptions = StartOptions & {
  /**
   * The longest wait before the reader checks for new events when no wake-up came: the
   * watchdog that recovers a reader that missed a wake-up.
   * @default 500
   */
  pollIntervalMs?: number;
  durable?: never;
};

/** Options of `subscribe` for a durable (named) subscription. */
export type DurableSubscribeOptions = StartOptions & {
  /** The name the cluster keeps the position under. The start options apply on first use only. */
  durable: string;
  /**
   * `auto`: acknowledged once the handler returns; `explicit`: the handler calls `event.ack()`.
   * @default "auto"
   */
  ack?: AckMode;
  /**
   * Events delivered and not yet acknowledged at most (set when the durable is created).
   * @default 64
   */
  maxAckPending?: number;
  /**
   * An unacknowledged event is redelivered after this long (set when the durable is created).
   * @default 30000
   */
  ackWaitMs?: number;
};

/** Options of `publisher`. */
export interface PublisherOptions {
  /**
   * Events sent and not yet acknowledged at most; `publish` waits for room beyond that.
   * @default 256
   */
  maxInFlight?: number;
}

/** A pipelined publisher for one channel (or queue): ordered, bounded, retried across failover. */
export interface Publisher {
  /** Waits for room in the window, then sends; `stored` resolves once the cluster stored it. */
  publish(data: EventData, options?: EventOptions): Promise<PendingPublish>;
  /** Resolves when every event is stored; rejects with the first failure since the last flush. */
  flush(): Promise<void>;
  /** Events accepted and not yet stored. */
  readonly pending: number;
}

/** Options of `pop`. */
export interface PopOptions {
  /**
   * How long to wait for an event.
   * @default 1000
   */
  timeoutMs?: number;
}

/** Options of `consume`. */
export interface ConsumeOptions {
  /**
   * Events fetched ahead at most (the window of events taken and not yet handled).
   * @default 10
   */
  prefetch?: number;
  /**
   * `auto`: acked once the handler returns; `explicit`: the handler calls `ack()` or `nack()`.
   * @default "auto"
   */
  ack?: AckMode;
}

export const DEFAULT_POLL_INTERVAL_MS = 500;
export const DEFAULT_MAX_IN_FLIGHT = 256;
export const DEFAULT_MAX_ACK_PENDING = 64;
export const DEFAULT_ACK_WAIT_MS = 30_000;
export const DEFAULT_POP_TIMEOUT_MS = 1_000;
export const DEFAULT_PREFETCH = 10;

/** A UM-style session: one realm at a time out of an RNAME list, failing over on its own. */
export interface Session extends AsyncDisposable {
  readonly name: string;
  /** The realm the session is connected to, or undefined while it has none. */
  readonly realm: string | undefined;
  /** Listens to one kind of status change; returns a function that stops listening. */
  on<T extends SessionStatusType>(type: T, listener: StatusListener<T>): () => void;
  /** Every status change from now on; ends after `closed`. */
  statuses(): AsyncIterableIterator<SessionStatus>;
  /** Publishes one event and resolves once the cluster stored it (retried across failover). */
  publish(channel: string, data: EventData, options?: EventOptions): Promise<Published>;
  /** A pipelined publisher with bounded in-flight events, for throughput. */
  publisher(channel: string, options?: PublisherOptions): Publisher;
  /** Delivers the channel's events in EID order, resuming exactly after failover. */
  subscribe(
    channel: string,
    handler: ChannelHandler,
    options?: SubscribeOptions,
  ): Promise<ChannelSubscription>;
  subscribe(
    channel: string,
    handler: DurableHandler,
    options: DurableSubscribeOptions,
  ): Promise<ChannelSubscription>;
  /** Adds an event to a queue; resolves once stored. */
  push(queue: string, data: EventData, options?: EventOptions): Promise<Published>;
  /** Takes one event off a queue (acknowledged), or null when none came within the timeout. */
  pop(queue: string, options?: PopOptions): Promise<QueueEvent | null>;
  /** Hands a queue's events to `handler`, at most `prefetch` taken ahead. */
  consume(queue: string, handler: QueueHandler, options?: ConsumeOptions): QueueConsumer;
  /** Stops everything and closes the connection; pending publishes reject. */
  close(): Promise<void>;
}

function storeOf(name: string): { stream: string; subject: string } {
  const parsed = StoreNameSchema.safeParse(name);
  if (!parsed.success)
    throw new StoreNotFoundError(
      `'${name}' is not a channel or queue name: ${parsed.error.issues[0]?.message ?? "invalid"}`,
      name,
    );
  return { stream: streamNameFor(name), subject: subjectFor(name) };
}

/**
 * Connects to the first realm of `rnames` that answers and returns the session. Rejects with
 * `RnameError` for a bad list, `NoRealmAvailableError` when `tryAgain` says stop or
 * `maxAttempts` are used up before any realm answered.
 * @example
 * const session = await createSession({ rnames: "nsp://host1:9000,nhp://host2:9001", name: "orders" });
 */
export async function createSession(options: SessionOptions): Promise<Session> {
  const resolved = resolveOptions(options, defaultTransport);
  const rnames = parseRnames(resolved.rnames, resolved.random);
  const feed = new StatusFeed();
  const link = new RealmLink(resolved, rnames, feed);
  const context = new SessionContext(link, resolved);
  const subscriptions = new Set<{ reader: ChannelSubscription; durable: string | null }>();
  const consumers = new Set<QueueConsumer>();
  const publishers = new Map<string, ChannelPublisher>();
  const positions = (): SessionReportSubscription[] =>
    [...subscriptions].map(({ reader, durable }) => ({
      channel: reader.channel,
      durable,
      resumeEid: reader.lastEid + 1,
      gaps: reader.stats.gaps,
      duplicates: reader.stats.duplicates,
    }));
  const stopReports = resolved.reports
    ? startSessionReports(resolved.name, feed, link, positions, resolved.now)
    : () => undefined;
  await link.start();

  const sharedPublisher = (name: string) => {
    const { subject } = storeOf(name);
    let publisher = publishers.get(subject);
    if (!publisher) {
      publisher = new ChannelPublisher(context, subject, DEFAULT_MAX_IN_FLIGHT);
      publishers.set(subject, publisher);
    }
    return publisher;
  };
  const track = (reader: ChannelSubscription, durable: string | null) => {
    const entry = { reader, durable };
    subscriptions.add(entry);
    void reader.done.catch(() => undefined).finally(() => subscriptions.delete(entry));
    return reader;
  };

  const session: Session = {
    name: resolved.name,
    get realm() {
      return link.current?.realm;
    },
    on: (type, listener) => feed.on(type, listener),
    statuses: () => feed.iterate(),
    async publish(channel, data, eventOptions) {
      const pending = await sharedPublisher(channel).publish(data, eventOptions);
      return pending.stored;
    },
    publisher(channel, publisherOptions = {}) {
      const { subject } = storeOf(channel);
      return new ChannelPublisher(
        context,
        subject,
        publisherOptions.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT,
      );
    },
    async subscribe(
      channel: string,
      handler: ChannelHandler | DurableHandler,
      subscribeOptions: SubscribeOptions | DurableSubscribeOptions = {},
    ): Promise<ChannelSubscription> {
      const { stream, subject } = storeOf(channel);
      const start = startPositionOf(subscribeOptions);
      if (subscribeOptions.durable !== undefined) {
        const durable = subscribeOptions;
        const reader = new DurableReader(context, channel, stream, subject, handler, {
          name: durable.durable,
          ack: durable.ack ?? "auto",
          start,
          maxAckPending: durable.maxAckPending ?? DEFAULT_MAX_ACK_PENDING,
          ackWaitMs: durable.ackWaitMs ?? DEFAULT_ACK_WAIT_MS,
        });
        await Promise.race([reader.ready, reader.done]);
        return track(reader, durable.durable);
      }
      const reader = new ChannelReader(
        context,
        channel,
        stream,
        subject,
        handler as ChannelHandler,
        start,
        subscribeOptions.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
      );
      await Promise.race([reader.ready, reader.done]);
      return track(reader, null);
    },
    async push(queue, data, eventOptions) {
      const pending = await sharedPublisher(queue).publish(data, eventOptions);
      return pending.stored;
    },
    async pop(queue, popOptions = {}) {
      const { stream } = storeOf(queue);
      const timeoutMs = popOptions.timeoutMs ?? DEFAULT_POP_TIMEOUT_MS;
      const deadline = resolved.now() + timeoutMs;
      while (resolved.now() < deadline) {
        const live = await link.connection();
        try {
          const consumer = await queueConsumerOn(context, live, stream);
          // The engine's shortest pull expiry is 1 s.
          const message = await consumer.next({
            expires: Math.max(1_000, deadline - resolved.now()),
          });
          if (!message) return null;
          const event = queueEvent(message, resolved.requestTimeoutMs);
          await event.ack();
          return event;
        } catch (error) {
          if (error instanceof StoreNotFoundError) throw error;
          await sleep(100);
        }
      }
      return null;
    },
    consume(queue, handler, consumeOptions = {}) {
      const { stream } = storeOf(queue);
      const consumer = new QueueReader(
        context,
        queue,
        stream,
        handler,
        consumeOptions.prefetch ?? DEFAULT_PREFETCH,
        consumeOptions.ack ?? "auto",
      );
      consumers.add(consumer);
      return consumer;
    },
    async close() {
      for (const { reader } of subscriptions) await reader.stop();
      for (const consumer of consumers) await consumer.stop();
      stopReports();
      await link.close();
    },
    async [Symbol.asyncDispose]() {
      await session.close();
    },
  };
  return session;
}
