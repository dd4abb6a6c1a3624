// The load the faults land on: SDK publishers (one event in flight each, so order holds across
// failover), subscribers reading a channel from EID 1, a queue pusher and queue consumers that
// ack explicitly. Every session dials the realms through their proxies, each starting at a
// different realm. Everything they see goes into one `Trace` for the checker.
import { createSession, type QueueConsumer, type Session } from "@em/client";
import { emptyTrace, type PublishAck, type Trace } from "./checker.js";

export interface LoadTarget {
  /** The RNAMEs of the realms' proxies, in realm order. */
  rnames: string[];
  /** Credentials for the realm behind an RNAME. */
  credentials: (rname: string) => { user: string; pass: string } | undefined;
  channel: string;
  queue: string;
  /** Times are taken from this clock (ms); the report counts from its zero. */
  now: () => number;
  log: (line: string) => void;
}

export interface LoadOptions {
  publishers: number;
  subscribers: number;
  consumers: number;
  /** @default 25 — pause between one publisher's acknowledged event and its next. */
  publishPaceMs?: number;
  /** @default 60 — pause between two queue pushes. */
  pushPaceMs?: number;
}

export interface Load {
  readonly trace: Trace;
  /** Stops publishing and pushing (subscribers and consumers go on). */
  stopProducing(): Promise<void>;
  /** Every acknowledged event delivered to every subscriber, and every push acked by a consumer. */
  caughtUp(): boolean;
  /** Acks and confirmed consumer acks so far, for progress checks (`lastAckAt`: the publisher
   * whose last ack is oldest). */
  counts(): { acks: number; confirmedQueueAcks: number; lastAckAt: number; lastQueueAckAt: number };
  /** The highest EID acknowledged so far. */
  highestAckedEid(): number;
  /** The highest EID the slowest subscriber has received. */
  slowestSubscriberEid(): number;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The list rotated so that session `i` starts at realm `i` and goes on in order. */
function rotated(rnames: string[], i: number): string[] {
  const start = i % rnames.length;
  return [...rnames.slice(start), ...rnames.slice(0, start)];
}

export async function startLoad(target: LoadTarget, options: LoadOptions): Promise<Load> {
  const trace = emptyTrace();
  const sessions: Session[] = [];
  const consumers: QueueConsumer[] = [];
  const loops: Promise<void>[] = [];
  let producing = true;
  let sessionCount = 0;
  const lastAckBy = new Map<string, number>();
  const publisherNames = Array.from({ length: options.publishers }, (_, i) => `chaos-pub-${i + 1}`);
  let lastQueueAckAt = 0;
  let confirmedQueueAcks = 0;
  const seenBy = new Map<string, Set<number>>();
  const queueAcked = new Set<number>();
  const highestSeen = new Map<string, number>();
  let highestAcked = 0;

  const open = async (name: string) => {
    const session = await createSession({
      rnames: rotated(target.rnames, sessionCount++),
      name,
      credentials: (rname) => target.credentials(rname.text),
    });
    sessions.push(session);
    session.on("reconnected", (status) =>
      target.log(`${name}: ${status.fromRealm ?? "?"} → ${status.realm} in ${status.stallMs} ms`),
    );
    return session;
  };

  /** Publishes with one eventId until acknowledged: a retry of a timed-out event stores it once. */
  const produce = async (
    name: string,
    send: (eventId: string) => Promise<{ eid: number }>,
    record: (ack: PublishAck) => void,
    paceMs: number,
    store: string,
  ) => {
    for (let n = 1; producing; n++) {
      const eventId = `${name}-${n}`;
      for (;;) {
        try {
          const { eid } = await send(eventId);
          record({ publisher: name, channel: store, eventId, eid, at: target.now() });
          break;
        } catch (error) {
          // Left unacknowledged when the load stops: it may still be stored, which is no finding.
          if (!producing) return;
          const last = error instanceof Error ? error.cause : undefined;
          const cause =
            last instanceof Error ? `; last attempt: ${last.name}: ${last.message}` : "";
          target.log(`${name}: ${eventId} not acknowledged yet (${String(error)}${cause}); again`);
          await sleep(100);
        }
      }
      await sleep(paceMs);
    }
  };

  try {
    for (let i = 1; i <= options.subscribers; i++) {
      const name = `chaos-sub-${i}`;
      const session = await open(name);
      trace.subscribers[name] = target.channel;
      const seen = new Set<number>();
      seenBy.set(name, seen);
      highestSeen.set(name, 0);
      await session.subscribe(
        target.channel,
        (event) => {
          seen.add(event.eid);
          highestSeen.set(name, Math.max(highestSeen.get(name) ?? 0, event.eid));
          trace.deliveries.push({
            subscriber: name,
            channel: target.channel,
            eid: event.eid,
            eventId: event.eventId,
            at: target.now(),
          });
        },
        { fromEid: 1 },
      );
    }
    for (let i = 1; i <= options.consumers; i++) {
      const name = `chaos-consumer-${i}`;
      const session = await open(name);
      consumers.push(
        session.consume(
          target.queue,
          async (event) => {
            trace.queueDeliveries.push({
              consumer: name,
              eid: event.eid,
              eventId: event.eventId,
              redeliveries: event.redeliveries,
              at: target.now(),
            });
            const confirmed = await event.ack().then(
              () => true,
              () => false,
            );
            const at = target.now();
            trace.queueAcks.push({ consumer: name, eid: event.eid, confirmed, at });
            queueAcked.add(event.eid);
            if (confirmed) {
              confirmedQueueAcks++;
              lastQueueAckAt = at;
            }
          },
          { ack: "explicit", prefetch: 5 },
        ),
      );
    }
    for (const name of publisherNames) {
      const session = await open(name);
      loops.push(
        produce(
          name,
          (eventId) => session.publish(target.channel, eventId, { eventId }),
          (ack) => {
            trace.acks.push(ack);
            lastAckBy.set(name, ack.at);
            highestAcked = Math.max(highestAcked, ack.eid);
          },
          options.publishPaceMs ?? 25,
          target.channel,
        ),
      );
    }
    const pusher = await open("chaos-pusher");
    loops.push(
      produce(
        "chaos-pusher",
        (eventId) => pusher.push(target.queue, eventId, { eventId }),
        (ack) => trace.pushes.push(ack),
        options.pushPaceMs ?? 60,
        target.queue,
      ),
    );
  } catch (error) {
    producing = false;
    for (const session of sessions) await session.close().catch(() => undefined);
    throw error;
  }

  const close = async () => {
    producing = false;
    for (const consumer of consumers) await consumer.stop().catch(() => undefined);
    for (const session of sessions) await session.close().catch(() => undefined);
    await Promise.allSettled(loops);
  };
  return {
    trace,
    async stopProducing() {
      producing = false;
      await Promise.all(loops);
    },
    caughtUp() {
      for (const seen of seenBy.values())
        if (!trace.acks.every((ack) => seen.has(ack.eid))) return false;
      return trace.pushes.every((push) => queueAcked.has(push.eid));
    },
    highestAckedEid: () => highestAcked,
    slowestSubscriberEid: () => Math.min(...[...highestSeen.values()]),
    counts: () => ({
      acks: trace.acks.length,
      confirmedQueueAcks,
      lastAckAt: Math.min(...publisherNames.map((name) => lastAckBy.get(name) ?? 0)),
      lastQueueAckAt,
    }),
    close,
  };
}
