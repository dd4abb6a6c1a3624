import { TimeoutError } from "@nats-io/nats-core";
import { describe, expect, it } from "vitest";
import { ChannelPublisher, type Published } from "./channel-publisher.js";
import { PublishTimeoutError } from "./errors.js";
import type { LiveRealm } from "./realm-link.js";
import type { SessionContext } from "./session-context.js";

const STORE = { name: "/x", stream: "UM_x", subject: "um.x" };

interface Attempt {
  eventId: string;
  answer: (outcome: { seq: number } | Error) => void;
}

/** A session context whose JetStream publish is answered by the test, attempt by attempt. */
function fakeContext(options: { publishTimeoutMs?: number; now?: () => number } = {}) {
  const attempts: Attempt[] = [];
  const live = { realm: "realm1" } as unknown as LiveRealm;
  const js = {
    publish: (_subject: string, _data: Uint8Array, opts: { msgID: string }) =>
      new Promise((resolve, reject) =>
        attempts.push({
          eventId: opts.msgID,
          answer: (outcome) =>
            outcome instanceof Error
              ? reject(outcome)
              : resolve({ seq: outcome.seq, duplicate: false, stream: "UM_x" }),
        }),
      ),
  };
  const context = {
    link: { connection: () => Promise.resolve(live), isClosed: false, lose: () => undefined },
    options: {
      publishTimeoutMs: options.publishTimeoutMs ?? 30_000,
      publishAttemptTimeoutMs: 10,
      now: options.now ?? Date.now,
    },
    js: () => js,
  } as unknown as SessionContext;
  return { context, attempts };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
const ids = (attempts: Attempt[]) => attempts.map((attempt) => attempt.eventId);

describe("ChannelPublisher", () => {
  it("publish - sends up to maxInFlight events and holds the next caller until one is stored", async () => {
    const { context, attempts } = fakeContext();
    const publisher = new ChannelPublisher(context, STORE, 2);
    await publisher.publish("1", { eventId: "e1" });
    await publisher.publish("2", { eventId: "e2" });
    let third = false;
    const waiting = publisher.publish("3", { eventId: "e3" }).then(() => (third = true));
    await tick();
    expect(ids(attempts)).toEqual(["e1", "e2"]);
    expect(third).toBe(false);
    attempts[0]?.answer({ seq: 1 });
    await waiting;
    await tick();
    expect(ids(attempts)).toEqual(["e1", "e2", "e3"]);
  });

  it("publish - after a timed-out attempt the unacknowledged events are resent in order with their ids", async () => {
    const { context, attempts } = fakeContext();
    const publisher = new ChannelPublisher(context, STORE, 10);
    const stored: Promise<Published>[] = [];
    for (const n of [1, 2, 3])
      stored.push((await publisher.publish(String(n), { eventId: `e${n}` })).stored);
    await tick();
    attempts[1]?.answer(new TimeoutError());
    await tick();
    // e4 queued while the publisher is recovering: sent after the resends, not before.
    stored.push((await publisher.publish("4", { eventId: "e4" })).stored);
    attempts[0]?.answer({ seq: 1 });
    attempts[2]?.answer({ seq: 3 });
    await tick();
    await tick();
    expect(ids(attempts)).toEqual(["e1", "e2", "e3", "e2", "e4"]);
    attempts[3]?.answer({ seq: 2 });
    attempts[4]?.answer({ seq: 4 });
    expect((await Promise.all(stored)).map((published) => published.eid)).toEqual([1, 2, 3, 4]);
    await publisher.flush();
  });

  it("publish - a duplicate acknowledged without its EID (seq 0) is asked again until the EID is known", async () => {
    const { context, attempts } = fakeContext();
    const publisher = new ChannelPublisher(context, STORE, 10);
    const { stored } = await publisher.publish("1", { eventId: "e1" });
    await tick();
    attempts[0]?.answer({ seq: 0 });
    await tick();
    await tick();
    expect(ids(attempts)).toEqual(["e1", "e1"]);
    attempts[1]?.answer({ seq: 7 });
    expect((await stored).eid).toBe(7);
  });

  it("publish - an event past publishTimeoutMs rejects with PublishTimeoutError naming its id", async () => {
    let now = 0;
    const { context, attempts } = fakeContext({ publishTimeoutMs: 100, now: () => now });
    const publisher = new ChannelPublisher(context, STORE, 10);
    const { stored } = await publisher.publish("1", { eventId: "late" });
    await tick();
    now = 200;
    attempts[0]?.answer(new TimeoutError());
    await expect(stored).rejects.toBeInstanceOf(PublishTimeoutError);
    await expect(stored).rejects.toMatchObject({ eventId: "late" });
    await expect(publisher.flush()).rejects.toBeInstanceOf(PublishTimeoutError);
  });
});
