import { DeliverPolicy, type JetStreamClient, type JsMsg } from "@nats-io/jetstream";
import { orTimeout } from "./sleep.js";

/** What the reader lends the consumer read: its position and its delivery. */
export interface ConsumerReadHooks {
  nextEid(): number;
  /** Delivers one event (the reader skips what it already delivered, counts gaps). */
  deliver(message: JsMsg): boolean | Promise<boolean>;
  /** True when a direct get finds an event at `nextEid()`: the consumer should have sent it. */
  behind(): Promise<boolean>;
  /** False once the subscription stops or its realm is lost. */
  keepGoing(): boolean;
  /** Calls `stop` when the realm is lost or the subscription stops; returns an unsubscribe. */
  onStop(stop: () => void): () => void;
}

/**
 * The fast path of a channel subscription: an ordered consumer from `nextEid`, for when events
 * come faster than one direct get each can fetch. The engine's ordered consumers sometimes stop
 * advancing after a realm is killed (DESIGN.md), so a watchdog checks by direct get after each
 * `stallCheckMs` without a delivery and gives up on the consumer when an event is waiting:
 * the reader then goes on by direct get. Returns when the consumer was given up or
 * `keepGoing()` turned false; throws what `deliver` throws.
 */
export async function readThroughConsumer(
  js: JetStreamClient,
  stream: string,
  subject: string,
  hooks: ConsumerReadHooks,
  stallCheckMs: number,
  createTimeoutMs: number,
): Promise<void> {
  const creating = js.consumers
    .get(stream, {
      filter_subjects: [subject],
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: hooks.nextEid(),
    })
    .then((consumer) => consumer.consume({ max_messages: 1_024 }));
  // nats.js keeps retrying to create an ordered consumer (a meta leader election, a paused
  // realm): the reader does not wait for it longer than one request, it reads by direct get.
  const messages = await orTimeout(creating, createTimeoutMs, undefined);
  if (!messages) {
    creating.then((late) => late.stop()).catch(() => undefined);
    return;
  }
  const stopListening = hooks.onStop(() => messages.stop());
  let progressed = true;
  let handling = false;
  let probing = false;
  const watchdog = setInterval(() => {
    if (!hooks.keepGoing()) return messages.stop();
    if (progressed || handling || probing) {
      progressed = false;
      return;
    }
    probing = true;
    hooks
      .behind()
      .then(
        (behind) => behind && !progressed && messages.stop(),
        () => undefined,
      )
      .finally(() => (probing = false));
  }, stallCheckMs);
  try {
    for await (const message of messages) {
      if (!hooks.keepGoing()) break;
      handling = true;
      const delivered = hooks.deliver(message);
      if (delivered instanceof Promise) await delivered;
      handling = false;
      progressed = true;
    }
  } finally {
    clearInterval(watchdog);
    stopListening();
    messages.stop();
  }
}
