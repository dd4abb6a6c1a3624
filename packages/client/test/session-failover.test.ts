import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "@em/testkit";
import { QUEUE_ACK_WAIT_MS } from "@em/contracts";
import { StoreNotFoundError, createSession, type Session } from "../src/index.js";
import { startClientCluster, type ClientCluster } from "./cluster-fixture.js";
import { longestPause, publishNumbered, range, receiver, statusLog } from "./failover-helpers.js";

const CHANNEL = "/failover/orders";
const COUNT = 300;

describe("sessions fail over across a real 3-realm cluster", () => {
  let cluster: ClientCluster;
  const sessions: Session[] = [];
  const open = async (realms: string[], name: string, protocol: "nsp" | "nhp" = "nsp") => {
    const rnames = await Promise.all(realms.map((realm) => cluster.rname(realm, protocol)));
    const session = await createSession({ rnames, name, credentials: cluster.credentials });
    sessions.push(session);
    return session;
  };
  const restart = async (realm: string) => {
    await cluster.realmAction(realm, "start");
    await cluster.storeHealthy(CHANNEL);
  };

  beforeAll(async () => {
    cluster = await startClientCluster();
    await cluster.createChannel(CHANNEL);
    await cluster.storeHealthy(CHANNEL);
  });

  afterAll(async () => {
    for (const session of sessions) await session.close().catch(() => undefined);
    await cluster?.[Symbol.asyncDispose]();
  });

  it("session - a subscriber whose realm is killed resumes at the next EID: every event once, in order", async () => {
    const subscriber = await open(["realm1", "realm2", "realm3"], "sub-kill");
    const publisher = await open(["realm2", "realm3", "realm1"], "pub-steady");
    const log = statusLog(subscriber);
    const reports = await cluster.watchReports("realm2");
    const got = receiver();
    const subscription = await subscriber.subscribe(CHANNEL, got.handler);
    let killedAt = 0;
    const leader = await cluster.streamLeader(CHANNEL);
    await publishNumbered(publisher, CHANNEL, COUNT, {
      everyMs: 5,
      killAt: 100,
      midway: async () => {
        killedAt = Date.now();
        await cluster.realmAction("realm1", "kill");
      },
    });
    await eventually(
      "every event received",
      () => Promise.resolve(got.numbers.length >= COUNT),
      20_000,
    );
    expect(got.numbers).toEqual(range(1, COUNT));
    expect(subscription.stats.duplicates).toBe(0);
    expect(subscriber.realm).not.toBe("realm1");
    const reconnected = log.find((status) => status.type === "reconnected");
    // The session reported the disconnect and the failover once it reached realm2 or realm3.
    const failover = await eventually(
      "a failover report",
      () =>
        Promise.resolve(
          reports.received.find(
            (report) => report.session === "sub-kill" && report.type === "failover",
          ),
        ),
      5_000,
    );
    expect(failover).toMatchObject({ fromRealm: "realm1", toRealm: subscriber.realm });
    expect(failover.subscriptions).toEqual([
      expect.objectContaining({ channel: CHANNEL, duplicates: 0 }),
    ]);
    expect(reports.received).toContainEqual(
      expect.objectContaining({ session: "sub-kill", type: "disconnected", fromRealm: "realm1" }),
    );
    await reports.stop();
    console.info(
      `[stall] subscriber realm1 killed (stream leader ${leader}): reconnected after ` +
        `${reconnected?.type === "reconnected" ? reconnected.stallMs : "?"} ms, ` +
        `longest pause between events ${longestPause(got.arrivals, killedAt)} ms`,
    );
    await subscription.stop();
    await restart("realm1");
  });

  it("session - a publisher whose realm is killed retries unacknowledged events: each stored exactly once", async () => {
    const publisher = await open(["realm3", "realm1", "realm2"], "pub-kill");
    const subscriber = await open(["realm1", "realm2"], "sub-steady");
    const got = receiver();
    const subscription = await subscriber.subscribe(CHANNEL, got.handler);
    let killedAt = 0;
    const leader = await cluster.streamLeader(CHANNEL);
    const { acks, eids } = await publishNumbered(publisher, CHANNEL, COUNT, {
      everyMs: 5,
      killAt: 100,
      midway: async () => {
        killedAt = Date.now();
        await cluster.realmAction("realm3", "kill");
      },
    });
    expect(eids.size).toBe(COUNT);
    await eventually(
      "every event received",
      () => Promise.resolve(got.numbers.length >= COUNT),
      20_000,
    ).catch(async (error: unknown) => {
      const info = await cluster.streamInfo(CHANNEL).catch((e: unknown) => String(e));
      console.error(
        "DIAG",
        got.numbers.length,
        got.numbers.slice(-5),
        subscription.stats,
        subscriber.realm,
        subscription.lastEid,
        JSON.stringify(info),
      );
      throw error;
    });
    // Stored exactly once and in publish order: the subscriber reads the channel itself.
    expect(got.numbers).toEqual(range(1, COUNT));
    expect(got.eids).toEqual(range(1, COUNT).map((n) => eids.get(n)));
    console.info(
      `[stall] publisher realm3 killed (stream leader ${leader}): longest pause between acks ` +
        `${longestPause(acks, killedAt)} ms`,
    );
    await subscription.stop();
    await restart("realm3");
  });

  it("session - a subscriber reading a backlog fast (ordered consumer) resumes exactly after its realm is killed", async () => {
    const channel = "/failover/backlog";
    await cluster.createChannel(channel);
    await cluster.storeHealthy(channel);
    const publisher = await open(["realm3", "realm2"], "pub-backlog");
    const backlog = publisher.publisher(channel, { maxInFlight: 256 });
    for (let n = 1; n <= 3_000; n++) await backlog.publish(String(n));
    await backlog.flush();
    const subscriber = await open(["realm1", "realm2", "realm3"], "sub-backlog");
    let killed: Promise<void> | undefined;
    const numbers: number[] = [];
    const subscription = await subscriber.subscribe(
      channel,
      async (event) => {
        numbers.push(Number(event.text()));
        if (numbers.length === 1_500) killed = cluster.realmAction("realm1", "kill");
        // Slow enough that the kill lands mid-read.
        if (numbers.length % 100 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      },
      { fromEid: 1 },
    );
    await eventually("the backlog", () => Promise.resolve(numbers.length >= 3_000), 30_000);
    await killed;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(numbers).toEqual(range(1, 3_000));
    expect(subscriber.realm).not.toBe("realm1");
    console.info(
      `[fast path] backlog read across a kill, duplicates seen ${subscription.stats.duplicates}`,
    );
    await subscription.stop();
    await restart("realm1");
  });

  it("session - a paused (SIGSTOP) realm is detected and left within 3 s with the default options", async () => {
    const subscriber = await open(["realm2", "realm1", "realm3"], "sub-pause");
    const publisher = await open(["realm1", "realm3"], "pub-pause");
    const log = statusLog(subscriber);
    const got = receiver();
    const subscription = await subscriber.subscribe(CHANNEL, got.handler);
    await subscriber.publish(CHANNEL, "0");
    const pausedAt = Date.now();
    await cluster.realmAction("realm2", "pause");
    try {
      const reconnected = await eventually(
        "reconnected",
        () => Promise.resolve(log.find((status) => status.type === "reconnected")),
        10_000,
      );
      const detectedMs = Date.now() - pausedAt;
      console.info(
        `[stall] SIGSTOP of the subscriber's realm: failed over after ${detectedMs} ms ` +
          `(stallMs ${reconnected.type === "reconnected" ? reconnected.stallMs : "?"})`,
      );
      expect(detectedMs).toBeLessThan(3_000);
      for (let n = 1; n <= 20; n++) await publisher.publish(CHANNEL, String(n));
      await eventually(
        "events after the pause",
        () => Promise.resolve(got.numbers.length >= 21),
        10_000,
      ).catch(async (error: unknown) => {
        const info = await cluster.streamInfo(CHANNEL).catch((e: unknown) => String(e));
        console.error(
          "DIAG",
          got.numbers,
          subscription.stats,
          subscriber.realm,
          subscription.lastEid,
          JSON.stringify(info),
          log,
        );
        throw error;
      });
      expect(got.numbers).toEqual(range(0, 20));
    } finally {
      await cluster.realmAction("realm2", "resume");
    }
    await subscription.stop();
    await cluster.storeHealthy(CHANNEL);
  });

  it("session - a mixed nhp,nsp list fails over from the WebSocket realm to the TCP realm", async () => {
    const rnames = [await cluster.rname("realm1", "nhp"), await cluster.rname("realm2", "nsp")];
    const session = await createSession({
      rnames,
      name: "mixed",
      credentials: cluster.credentials,
    });
    sessions.push(session);
    const log = statusLog(session);
    expect(session.realm).toBe("realm1");
    const got = receiver();
    const subscription = await session.subscribe(CHANNEL, got.handler);
    for (let n = 1; n <= 10; n++) await session.publish(CHANNEL, String(n));
    await cluster.realmAction("realm1", "kill");
    for (let n = 11; n <= 20; n++) await session.publish(CHANNEL, String(n));
    await eventually("20 events", () => Promise.resolve(got.numbers.length >= 20), 20_000);
    expect(got.numbers).toEqual(range(1, 20));
    expect(session.realm).toBe("realm2");
    expect(log).toContainEqual(
      expect.objectContaining({ type: "reconnected", realm: "realm2", fromRealm: "realm1" }),
    );
    await subscription.stop();
    await restart("realm1");
  });

  /** Publisher and subscriber on realms other than `victim`; `victim` killed mid-stream. */
  async function killDuring(victim: string, label: string) {
    const others = cluster.realms.filter((realm) => realm !== victim);
    const subscriber = await open([...others], `sub-${label}`);
    const publisher = await open([...others].reverse(), `pub-${label}`);
    const got = receiver();
    const subscription = await subscriber.subscribe(CHANNEL, got.handler);
    let killedAt = 0;
    const { acks } = await publishNumbered(publisher, CHANNEL, COUNT, {
      everyMs: 5,
      killAt: 100,
      midway: async () => {
        killedAt = Date.now();
        await cluster.realmAction(victim, "kill");
      },
    });
    await eventually(
      "every event received",
      () => Promise.resolve(got.numbers.length >= COUNT),
      20_000,
    );
    expect(got.numbers).toEqual(range(1, COUNT));
    await subscription.stop();
    await restart(victim);
    return {
      publisherStallMs: longestPause(acks, killedAt),
      subscriberStallMs: longestPause(got.arrivals, killedAt),
    };
  }

  it("session - killing the stream leader: publishers wait out the election, nothing lost or doubled", async () => {
    const leader = await cluster.streamLeader(CHANNEL);
    const stalls = await killDuring(leader, "stream-leader");
    console.info(`[stall] stream leader ${leader} killed:`, stalls);
  });

  it("session - killing the meta leader (master): every event once, in order", async () => {
    const master = await cluster.metaLeader();
    const streamLeader = await cluster.streamLeader(CHANNEL, master);
    const stalls = await killDuring(master, "master");
    console.info(
      `[stall] meta leader ${master} killed (stream leader ${streamLeader}${master === streamLeader ? ", the same realm" : ""}):`,
      stalls,
    );
  });

  it("session - a channel that does not exist is a StoreNotFoundError for publish and subscribe", async () => {
    const session = await open(["realm2"], "lost");
    await expect(session.publish("/no/such/channel", "x")).rejects.toBeInstanceOf(
      StoreNotFoundError,
    );
    await expect(session.subscribe("/no/such/channel", () => undefined)).rejects.toBeInstanceOf(
      StoreNotFoundError,
    );
    await expect(session.publish("not a name", "x")).rejects.toBeInstanceOf(StoreNotFoundError);
    await expect(
      session.subscribe("/no/such/channel", () => undefined, { durable: "d" }),
    ).rejects.toBeInstanceOf(StoreNotFoundError);
    await expect(session.pop("/no/such/queue")).rejects.toBeInstanceOf(StoreNotFoundError);
    await expect(session.consume("/no/such/queue", () => undefined).done).rejects.toBeInstanceOf(
      StoreNotFoundError,
    );
  });

  it("durable - a restarted process resumes after the last acknowledged EID", async () => {
    const channel = "/durable/billing";
    await cluster.createChannel(channel);
    const first = await open(["realm1", "realm2"], "billing-1");
    const seen: string[] = [];
    const subscription = await first.subscribe(channel, (event) => void seen.push(event.text()), {
      durable: "billing",
    });
    for (let n = 1; n <= 5; n++) await first.publish(channel, `bill ${n}`);
    await eventually("5 bills", () => Promise.resolve(seen.length >= 5), 10_000);
    await subscription.stop();
    await first.close();
    const publisher = await open(["realm3"], "billing-publisher");
    for (let n = 6; n <= 10; n++) await publisher.publish(channel, `bill ${n}`);

    const restarted = await open(["realm2", "realm1"], "billing-2");
    const later: number[] = [];
    const resumed = await restarted.subscribe(
      channel,
      async (event) => {
        later.push(event.eid);
        await event.ack();
      },
      { durable: "billing", ack: "explicit" },
    );
    await eventually("bills 6 to 10", () => Promise.resolve(later.length >= 5), 10_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(seen).toEqual(range(1, 5).map((n) => `bill ${n}`));
    expect(later).toEqual(range(6, 10));
    expect(resumed.lastEid).toBe(10);
    await resumed.stop();
  });

  it("queue - push, pop, and a consumer that nacks once sees the redelivery counted", async () => {
    const queue = "/jobs";
    await cluster.createQueue(queue);
    const session = await open(["realm2", "realm3"], "worker");
    for (let n = 0; n < 20; n++) await session.push(queue, `job ${n}`);
    const popped = await session.pop(queue, { timeoutMs: 2_000 });
    expect(popped?.text()).toBe("job 0");
    expect(popped?.redeliveries).toBe(0);

    const handled: string[] = [];
    const redeliveries = new Map<string, number>();
    let nacked = false;
    const consumer = session.consume(
      queue,
      async (event) => {
        if (event.text() === "job 1" && !nacked) {
          nacked = true;
          event.nack();
          return;
        }
        redeliveries.set(event.text(), event.redeliveries);
        handled.push(event.text());
        await event.ack();
      },
      { prefetch: 5, ack: "explicit" },
    );
    await eventually("19 jobs", () => Promise.resolve(handled.length >= 19), 15_000);
    await consumer.stop();
    expect([...handled].sort()).toEqual(
      range(1, 19)
        .map((n) => `job ${n}`)
        .sort(),
    );
    expect(new Set(handled).size).toBe(19);
    expect(redeliveries.get("job 1")).toBe(1);
    expect(await session.pop(queue, { timeoutMs: 1_000 })).toBeNull();
  });

  it("queue - a handler slower than the queue's ack wait keeps its event: no other consumer gets it", async () => {
    const queue = "/slow-jobs";
    await cluster.createQueue(queue);
    const slow = await open(["realm1", "realm2"], "slow-worker");
    const other = await open(["realm3", "realm1"], "other-worker");
    await slow.push(queue, "long job");
    const seenByOther: string[] = [];
    let slowGot: { redeliveries: number } | undefined;
    let slowAcked = false;
    const slowConsumer = slow.consume(
      queue,
      async (event) => {
        slowGot = { redeliveries: event.redeliveries };
        // Well past the queue's ack wait: only progress acks keep the event with this consumer.
        await new Promise((resolve) => setTimeout(resolve, QUEUE_ACK_WAIT_MS * 1.6));
        await event.ack();
        slowAcked = true;
      },
      { prefetch: 1 },
    );
    await eventually("the slow consumer holds the job", () => Promise.resolve(slowGot));
    const otherConsumer = other.consume(queue, (event) => {
      seenByOther.push(event.text());
    });
    await eventually("the slow handler acked", () => Promise.resolve(slowAcked), 30_000);
    await slowConsumer.stop();
    await otherConsumer.stop();
    expect(slowGot).toEqual({ redeliveries: 0 });
    expect(seenByOther).toEqual([]);
  });
});
