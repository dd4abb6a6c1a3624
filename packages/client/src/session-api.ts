import type { EventData, EventOptions } from "./channel-event.js";
import type { PendingPublish, Published } from "./channel-publisher.js";
import type { StartOptions } from "./channel-start.js";
import type { ChannelHandler, ChannelSubscription } from "./channel-subscription.js";
import type { AckMode, DurableHandler } from "./durable-subscription.js";
import type { QueueConsumer, QueueEvent, QueueHandler } from "./queue-consumer.js";
import type { SessionStatus, SessionStatusType, StatusListener } from "./session-status.js";

/** Options of `subscribe` for a plain (non-durable) subscription. */
export type SubscribeOptions = StartOptions & {
  /**
   * The longest wait before the reader checks for new events when no wake-up came: the
   * watchdog that recovers a reader that missed a wake-up.
   * @default 250
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

export const DEFAULT_POLL_INTERVAL_MS = 250;
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
