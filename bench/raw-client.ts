// The baselines the SDK is measured against: plain `@nats-io/jetstream` as an application would
// use it without the SDK — one await per publish, and an ordered consumer to read.
import type { NatsConnection } from "@nats-io/transport-node";
import { jetstream } from "@nats-io/jetstream";
import { streamNameFor, subjectFor } from "@em/contracts";

/** Publishes `count` events, awaiting each acknowledgement before the next; answers events/s. */
export async function rawPublishOneAwait(
  connection: NatsConnection,
  channel: string,
  count: number,
  payload: (n: number) => Uint8Array,
): Promise<number> {
  const js = jetstream(connection, { timeout: 10_000 });
  const subject = subjectFor(channel);
  const started = performance.now();
  for (let n = 1; n <= count; n++) await js.publish(subject, payload(n), { msgID: `raw-${n}` });
  return count / ((performance.now() - started) / 1000);
}

/** Publishes `count` events with up to `inFlight` acknowledgements outstanding (setup only). */
export async function rawPublishPipelined(
  connection: NatsConnection,
  channel: string,
  count: number,
  payload: (n: number) => Uint8Array,
  inFlight = 500,
): Promise<void> {
  const js = jetstream(connection, { timeout: 30_000 });
  const subject = subjectFor(channel);
  for (let start = 1; start <= count; start += inFlight) {
    const end = Math.min(count, start + inFlight - 1);
    await Promise.all(
      Array.from({ length: end - start + 1 }, (_, i) => js.publish(subject, payload(start + i))),
    );
  }
}

/** Reads `count` events from EID 1 with an ordered consumer; answers events/s. */
export async function rawOrderedRead(
  connection: NatsConnection,
  channel: string,
  count: number,
): Promise<number> {
  const js = jetstream(connection, { timeout: 10_000 });
  const started = performance.now();
  const consumer = await js.consumers.get(streamNameFor(channel), { opt_start_seq: 1 });
  const messages = await consumer.consume();
  let seen = 0;
  for await (const message of messages) {
    seen += 1;
    if (message.seq !== seen)
      throw new Error(`ordered consumer gave EID ${message.seq} as #${seen}`);
    if (seen === count) break;
  }
  await messages.close();
  return count / ((performance.now() - started) / 1000);
}
