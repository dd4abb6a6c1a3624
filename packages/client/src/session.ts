import {
  StoreNameSchema,
  streamNameFor,
  subjectFor,
  type SessionReportSubscription,
} from "@em/contracts";
import { StoreNotFoundError } from "./errors.js";
import { ChannelPublisher, type StoreAddress } from "./channel-publisher.js";
import { startPositionOf } from "./channel-start.js";
import {
  ChannelReader,
  type ChannelHandler,
  type ChannelSubscription,
} from "./channel-subscription.js";
import { DurableReader, type DurableHandler } from "./durable-subscription.js";
import { QueueReader, queueConsumerOn, queueEvent, type QueueConsumer } from "./queue-consumer.js";
import { RealmLink } from "./realm-link.js";
import { parseRnames } from "./rname.js";
import {
  DEFAULT_ACK_WAIT_MS,
  DEFAULT_MAX_ACK_PENDING,
  DEFAULT_MAX_IN_FLIGHT,
  DEFAULT_POLL_INTERVAL_MS,
  DEFAULT_POP_TIMEOUT_MS,
  DEFAULT_PREFETCH,
  type DurableSubscribeOptions,
  type Session,
  type SubscribeOptions,
} from "./session-api.js";
import { SessionContext } from "./session-context.js";
import { resolveOptions, type SessionOptions } from "./session-options.js";
import { startSessionReports } from "./session-reporter.js";
import { StatusFeed } from "./session-status.js";
import { defaultTransport } from "./transport.js";
import { sleep } from "./sleep.js";

function storeOf(name: string): StoreAddress {
  const parsed = StoreNameSchema.safeParse(name);
  if (!parsed.success)
    throw new StoreNotFoundError(
      `'${name}' is not a channel or queue name: ${parsed.error.issues[0]?.message ?? "invalid"}`,
      name,
    );
  return { name, stream: streamNameFor(name), subject: subjectFor(name) };
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
  try {
    await link.start();
  } catch (error) {
    stopReports();
    throw error;
  }

  const sharedPublisher = (name: string) => {
    const store = storeOf(name);
    let publisher = publishers.get(store.subject);
    if (!publisher) {
      publisher = new ChannelPublisher(context, store, DEFAULT_MAX_IN_FLIGHT);
      publishers.set(store.subject, publisher);
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
      return new ChannelPublisher(
        context,
        storeOf(channel),
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
          const consumer = await queueConsumerOn(context, live, stream, queue);
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
      void consumer.done.catch(() => undefined).finally(() => consumers.delete(consumer));
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
