export {
  AckError,
  ClientError,
  HandlerError,
  NoRealmAvailableError,
  PermissionDeniedError,
  PublishRejectedError,
  PublishTimeoutError,
  RnameError,
  SessionClosedError,
  StoreNotFoundError,
} from "./errors.js";
export {
  RNAME_DEFAULT_PORTS,
  parseRname,
  parseRnames,
  type Rname,
  type RnameProtocol,
} from "./rname.js";
export {
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_PING_INTERVAL_MS,
  DEFAULT_PING_TIMEOUT_MS,
  DEFAULT_PUBLISH_ATTEMPT_TIMEOUT_MS,
  DEFAULT_PUBLISH_TIMEOUT_MS,
  DEFAULT_READ_TIMEOUT_MS,
  DEFAULT_RECONNECT_INTERVAL_MS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  defaultBackoff,
  type Backoff,
  type ReconnectAttempt,
  type ReconnectOptions,
  type SessionCredentials,
  type SessionTlsOptions,
  type SessionOptions,
} from "./session-options.js";
export type {
  SessionStatus,
  SessionStatusType,
  StatusListener,
  StatusOf,
} from "./session-status.js";
export { defaultTransport, type RealmTransport } from "./transport.js";
export type { EventData, EventOptions, StoredEvent } from "./channel-event.js";
export type { PendingPublish, Published } from "./channel-publisher.js";
export type { StartOptions } from "./channel-start.js";
export type {
  ChannelHandler,
  ChannelSubscription,
  SubscriptionStats,
} from "./channel-subscription.js";
export type { AckMode, AckableEvent, DurableHandler } from "./durable-subscription.js";
export type { QueueConsumer, QueueEvent, QueueHandler } from "./queue-consumer.js";
export {
  DEFAULT_ACK_WAIT_MS,
  DEFAULT_MAX_ACK_PENDING,
  DEFAULT_MAX_IN_FLIGHT,
  DEFAULT_POLL_INTERVAL_MS,
  DEFAULT_POP_TIMEOUT_MS,
  DEFAULT_PREFETCH,
  type ConsumeOptions,
  type DurableSubscribeOptions,
  type PopOptions,
  type Publisher,
  type PublisherOptions,
  type Session,
  type SubscribeOptions,
} from "./session-api.js";
export { createSession } from "./session.js";
