// Acceptance rounds for the client SDK (issue 5) against a real three-realm cluster: SIGKILL the
// subscriber's realm, the publisher's realm, the channel's stream leader, and a queue
// consumer's realm (and SIGSTOP the subscriber's realm twice), then check every event end to
// end — received exactly once and in EID order, stored exactly once. SDK_ROUNDS sets the rounds
// per kill scenario: 2 in `npm test` (about 2 min), ten for acceptance with
// `npm run test:sdk-failover -w tests` (about 5 min). Times are printed, never asserted.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createSession,
  type QueueEvent,
  type Rname,
  type ReconnectAttempt,
  type Session,
  type SessionStatus,
} from "@em/client";
import {
  REALMD_PATHS,
  RealmCredentialsSchema,
  type RealmCredentials,
  type StoreEventPage,
} from "@em/contracts";
import { checkEventStream, describeEventStream, eventually, type HttpSession } from "@em/testkit";
import { startLocalStack, type LocalStack } from "../support/local-stack.js";
import {
  clusterDetail,
  formCluster,
  ok,
  storeApi,
  type StoreApi,
} from "../support/cluster-stores.js";

const REALMS = ["realm1", "realm2", "realm3"];
const CLUSTER = "sdk";
/** Rounds per channel scenario; acceptance is ten. */
const ROUNDS = Number(process.env["SDK_ROUNDS"] ?? 2);
/** Events published per round; the kill comes once half of them are acknowledged. */
const EVENTS = 200;
const QUEUE_EVENTS = 1_000;
/** Long enough for an election on a loaded machine, and the queue's 5 s ack wait. */
const RECOVERY_TIMEOUT_MS = 90_000;
/** How long a read may show a continued realm's stale view before it counts as the truth. */
const STALE_READ_TIMEOUT_MS = 10_000;

interface RealmAccess {
  /** nsp:// (TCP) */
  rname: string;
  /** nhp:// (WebSocket) */
  wsRname: string;
  credentials: RealmCredentials["app"];
}

/** Text of event n: what the publisher sends and the checks parse back. */
const eventText = (n: number) => `event ${n}`;
const eventNumber = (text: string) => Number(/^event (\d+)$/.exec(text)?.[1] ?? Number.NaN);
/** The realm of an RNAME-order entry: "ws:realm1" is realm1 reached over WebSocket. */
const realmOf = (entry: string | undefined) => entry?.replace(/^ws:/, "");
const others = (realm: string) => REALMS.filter((name) => name !== realm);
const elapsed = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

/** A session and what it said about its connection. */
interface Watched {
  session: Session;
  statuses: SessionStatus[];
  /** When each status came (performance.now()), index by index. */
  statusTimes: number[];
}

/**
 * "realm1 → realm2 (left 2 ms after the fault, stall 84 ms)" for every failover a session made;
 * `faultAt` is when the realm was killed or paused (performance.now()).
 */
function failovers(watched: Watched, faultAt?: number): string {
  let leftAt: number | undefined;
  const moves: string[] = [];
  watched.statuses.forEach((status, index) => {
    if (status.type === "disconnected") leftAt = watched.statusTimes[index];
    if (status.type !== "reconnected") return;
    const left =
      faultAt !== undefined && leftAt !== undefined
        ? `left ${(leftAt - faultAt).toFixed(0)} ms after the fault, `
        : "";
    moves.push(`${status.fromRealm} → ${status.realm} (${left}stall ${status.stallMs} ms)`);
  });
  return moves.length ? moves.join(", ") : "none";
}

describe("SDK sessions through SIGKILLed realms of a real cluster", () => {
  let stack: LocalStack;
  let admin: HttpSession;
  let channels: StoreApi;
  let queues: StoreApi;
  const access = new Map<string, RealmAccess>();
  const sessions = new Set<Session>();

  /** Each realm has its own app password (realmd generates one per realm). */
  const credentials = (rname: Rname) => {
    const realm = [...access.values()].find(
      (candidate) => candidate.rname === rname.text || candidate.wsRname === rname.text,
    );
    return realm && { user: realm.credentials.user, pass: realm.credentials.password };
  };

  /** A session whose RNAME list is `order`, connected to its first realm. */
  async function session(
    name: string,
    order: string[],
    extra: { tryAgain?: (attempt: ReconnectAttempt) => boolean } = {},
  ): Promise<Watched> {
    const statuses: SessionStatus[] = [];
    const statusTimes: number[] = [];
    const created = await createSession({
      // "ws:realm1" reaches realm1 over WebSocket: lists may mix protocols.
      rnames: order.map((entry) => {
        const realm = access.get(entry.replace(/^ws:/, "")) as RealmAccess;
        return entry.startsWith("ws:") ? realm.wsRname : realm.rname;
      }),
      name,
      credentials,
      ...(extra.tryAgain ? { reconnect: { tryAgain: extra.tryAgain } } : {}),
    });
    sessions.add(created);
    for (const type of ["disconnected", "reconnected", "closed"] as const)
      created.on(type, (status) => {
        statuses.push(status);
        statusTimes.push(performance.now());
      });
    expect(created.realm, `${name} starts on the first realm of its list`).toBe(realmOf(order[0]));
    return { session: created, statuses, statusTimes };
  }

  async function close(watched: Watched): Promise<void> {
    sessions.delete(watched.session);
    await watched.session.close();
  }

  async function realmAction(
    name: string,
    action: "kill" | "start" | "pause" | "resume",
  ): Promise<void> {
    const response = await admin.post(`/api/realms/${name}/actions/${action}`);
    expect(response.status, `${action} ${name}: ${await response.clone().text()}`).toBe(200);
  }

  /** 3/3 with a master: a realm started again at the end of a round has rejoined. */
  async function clusterHealthy(): Promise<void> {
    await eventually(
      "cluster healthy, 3/3",
      async () => {
        const cluster = await clusterDetail(admin, CLUSTER);
        return cluster.status === "healthy" && cluster.quorum.online === REALMS.length;
      },
      RECOVERY_TIMEOUT_MS,
    );
  }

  /** 3/3 with a master, and the store led and current on every realm. */
  async function healthy(store: string, api: StoreApi) {
    return eventually(
      `cluster and ${store} healthy`,
      async () => {
        const cluster = await clusterDetail(admin, CLUSTER);
        if (cluster.status !== "healthy" || cluster.quorum.online !== REALMS.length) return null;
        const detail = ok(await api.get(store), `detail ${store}`);
        return cluster.master &&
          detail.leader &&
          detail.replicaStates.length === REALMS.length &&
          detail.replicaStates.every((replica) => replica.current && !replica.offline)
          ? { master: cluster.master, leader: detail.leader }
          : null;
      },
      RECOVERY_TIMEOUT_MS,
    );
  }

  /** Every event of a channel as [EID, event number], read by EID through the admin API. */
  async function storedEvents(channel: string): Promise<[number, number][]> {
    const stored: [number, number][] = [];
    let fromEid: number | null = 1;
    while (fromEid !== null) {
      const from: number = fromEid;
      // Just after a realm returns the cluster may be between masters for a moment.
      const page: StoreEventPage = await eventually(
        `snoop ${channel} from EID ${from}`,
        async () => ok(await channels.events(channel, { fromEid: from, limit: 500 }), "snoop"),
        RECOVERY_TIMEOUT_MS,
      );
      for (const event of page.events) stored.push([event.eid, eventNumber(event.data)]);
      fromEid = page.nextEid;
    }
    return stored;
  }

  /**
   * One round: a subscriber reads the channel from EID 1 while a publisher sends EVENTS
   * numbered events, one acknowledgement at a time; `victim` is SIGKILLed (or SIGSTOPped) once
   * half are acknowledged, and started (or continued) once the subscriber has every event. Checks that the subscriber received every event
   * exactly once in EID order, and that the channel stores every acknowledged event exactly
   * once, in publish order, at the EID its acknowledgement named.
   */
  async function channelRound(options: {
    scenario: string;
    round: number;
    /** SIGKILL (then start) by default; `pause` is SIGSTOP (then SIGCONT). */
    fault?: "kill" | "pause";
    /** Picks the victim and the sessions' RNAME orders once the channel is healthy. */
    plan: (leaders: { master: string; leader: string }) => {
      victim: string;
      subscriber: string[];
      publisher: string[];
    };
  }): Promise<void> {
    const started = performance.now();
    const channel = `/sdk/${options.scenario}/round-${options.round}`;
    await clusterHealthy();
    ok(await channels.create({ name: channel }), `create ${channel}`);
    const leaders = await healthy(channel, channels);
    const {
      victim,
      subscriber: subscriberOrder,
      publisher: publisherOrder,
    } = options.plan(leaders);

    const subscriber = await session(`${options.scenario}-sub-${options.round}`, subscriberOrder);
    const publisher = await session(`${options.scenario}-pub-${options.round}`, publisherOrder);
    const receivedEids: number[] = [];
    const receivedNumbers: number[] = [];
    const subscription = await subscriber.session.subscribe(
      channel,
      (event) => {
        receivedEids.push(event.eid);
        receivedNumbers.push(eventNumber(event.text()));
      },
      { fromEid: 1 },
    );

    const acks: [number, number][] = [];
    let retriedDuplicates = 0;
    const fault = options.fault ?? "kill";
    let restored = false;
    const restore = async () => {
      if (restored) return;
      restored = true;
      await realmAction(victim, fault === "kill" ? "start" : "resume");
    };
    let kill: Promise<void> | undefined;
    let killedAt = 0;
    try {
      for (let n = 1; n <= EVENTS; n++) {
        const { eid, duplicate } = await publisher.session.publish(channel, eventText(n));
        acks.push([eid, n]);
        // A retry whose first attempt was stored but not acknowledged (the realm died first).
        if (duplicate) retriedDuplicates++;
        if (n === EVENTS / 2) {
          killedAt = performance.now();
          kill = realmAction(victim, fault);
        }
      }
      const publishedIn = elapsed(killedAt);
      await kill;
      await eventually(
        `the subscriber on ${subscriberOrder[0]} has all ${EVENTS} events`,
        () => Promise.resolve(receivedEids.length >= EVENTS),
        RECOVERY_TIMEOUT_MS,
      ).catch((error: unknown) => {
        throw new Error(
          `${options.scenario} round ${options.round}: subscriber stuck at EID ${subscription.lastEid} ` +
            `(${describeEventStream(checkEventStream(receivedEids, { first: 1, last: EVENTS }))}); ` +
            `subscriber failovers: ${failovers(subscriber)}`,
          { cause: error },
        );
      });
      const recoveredIn = elapsed(killedAt);
      // Anything late (a duplicate) would arrive now.
      await new Promise((resolve) => setTimeout(resolve, 300));
      await subscription.stop();

      const eids = checkEventStream(receivedEids, { first: 1, last: EVENTS });
      const numbers = checkEventStream(receivedNumbers, { first: 1, last: EVENTS });
      await restore();
      // A realm just continued may still answer as the stream's leader with its stale state
      // (it once said 177 of 200 events) until it hears of the new leader: read until the
      // channel has at least every acknowledged event; the check below then says if any is
      // missing or doubled.
      let stored = await storedEvents(channel);
      await eventually(
        `the channel shows all ${acks.length} acknowledged events`,
        async () => (stored = await storedEvents(channel)).length >= acks.length,
        STALE_READ_TIMEOUT_MS,
      ).catch(() => undefined);
      console.log(
        `[sdk-failover] ${options.scenario} round ${options.round}: ${fault === "kill" ? "killed" : "paused"} ${victim} ` +
          `(master ${leaders.master}, stream leader ${leaders.leader}); ` +
          `subscriber on ${subscriberOrder[0]}: ${describeEventStream(eids)}, failovers ${failovers(subscriber, killedAt)}; ` +
          `publisher on ${publisherOrder[0]}: ${acks.length} acknowledged (${retriedDuplicates} on a retry of a stored event), failovers ${failovers(publisher, killedAt)}; ` +
          `${stored.length} stored; all acknowledged ${publishedIn} and all received ${recoveredIn} after the ${fault}; round ${elapsed(started)}`,
      );
      const where = `${options.scenario} round ${options.round}`;
      expect(eids.exact, `${where}, subscriber EIDs: ${describeEventStream(eids)}`).toBe(true);
      expect(numbers.exact, `${where}, subscriber events: ${describeEventStream(numbers)}`).toBe(
        true,
      );
      // Publish order is EID order, each acknowledged event stored once where its ack said.
      expect(acks, `${where}, acknowledgements`).toEqual(
        Array.from({ length: EVENTS }, (_, i) => [i + 1, i + 1]),
      );
      expect(stored, `${where}, the channel by EID`).toEqual(acks);
      for (const watched of [subscriber, publisher]) {
        const first = watched === subscriber ? subscriberOrder[0] : publisherOrder[0];
        if (realmOf(first) !== victim) continue;
        const moved = watched.statuses.find((status) => status.type === "reconnected");
        expect(moved, `${where}: ${watched.session.name} failed over`).toMatchObject({
          fromRealm: victim,
        });
        expect(others(victim)).toContain(moved?.type === "reconnected" ? moved.realm : "");
      }
    } finally {
      await close(subscriber);
      await close(publisher);
      await restore();
    }
  }

  beforeAll(async () => {
    stack = await startLocalStack({ realms: REALMS.length, clusterPorts: true });
    admin = await stack.adminApi.adminSession();
    await formCluster(admin, CLUSTER, REALMS);
    channels = storeApi(admin, "cluster", CLUSTER, "channel");
    queues = storeApi(admin, "cluster", CLUSTER, "queue");
    for (const name of REALMS) {
      const hosted = await stack.host.hostedRealm(name);
      const credentials = RealmCredentialsSchema.parse(
        await (await stack.host.realmd.request("GET", REALMD_PATHS.realmCredentials(name))).json(),
      );
      access.set(name, {
        rname: `nsp://127.0.0.1:${hosted.ports.nsp}`,
        wsRname: `nhp://127.0.0.1:${hosted.ports.nhp}`,
        credentials: credentials.app,
      });
    }
  });

  afterAll(async () => {
    for (const created of sessions) await created.close().catch(() => undefined);
    await stack?.[Symbol.asyncDispose]();
  });

  const roundsTimeout = (perRoundMs: number) => 60_000 + ROUNDS * perRoundMs;

  it(
    `subscriber - its realm (realm1, over WebSocket in odd rounds) SIGKILLed mid-stream, ${ROUNDS} rounds: resumes on another realm, every event once, in EID order`,
    async () => {
      for (let round = 1; round <= ROUNDS; round++)
        await channelRound({
          scenario: "subscriber-realm-killed",
          round,
          // Odd rounds reach realm1 over WebSocket: a mixed list fails over from nhp to nsp.
          plan: () => ({
            victim: "realm1",
            subscriber: [round % 2 === 1 ? "ws:realm1" : "realm1", "realm2", "realm3"],
            publisher: ["realm2", "realm3", "realm1"],
          }),
        });
    },
    roundsTimeout(40_000),
  );

  it("subscriber - its realm SIGSTOPped mid-stream (realm1, then the stream leader): left when silent (time printed), resumes on another realm, every event once, in EID order", async () => {
    for (const round of [1, 2])
      await channelRound({
        scenario: "subscriber-realm-paused",
        round,
        fault: "pause",
        plan: ({ leader }) => {
          const victim = round === 1 ? "realm1" : leader;
          return {
            victim,
            subscriber: [victim, ...others(victim)],
            publisher: others(victim),
          };
        },
      });
  }, 240_000);

  it(
    `publisher - its realm (realm1) SIGKILLed mid-stream, ${ROUNDS} rounds: continues on another realm, every acknowledged event stored once, in order`,
    async () => {
      for (let round = 1; round <= ROUNDS; round++)
        await channelRound({
          scenario: "publisher-realm-killed",
          round,
          plan: () => ({
            victim: "realm1",
            subscriber: ["realm2", "realm3", "realm1"],
            publisher: ["realm1", "realm2", "realm3"],
          }),
        });
    },
    roundsTimeout(40_000),
  );

  it(
    `stream leader - SIGKILLed mid-stream, ${ROUNDS} rounds: the subscriber on it resumes elsewhere, publishes wait out the election, every event once, in order`,
    async () => {
      for (let round = 1; round <= ROUNDS; round++)
        await channelRound({
          scenario: "stream-leader-killed",
          round,
          // The subscriber is always on the leader; the publisher on it in odd rounds, on a
          // follower (which only waits for the election) in even ones.
          plan: ({ leader }) => ({
            victim: leader,
            subscriber: [leader, ...others(leader)],
            publisher: round % 2 === 1 ? [leader, ...others(leader)] : others(leader),
          }),
        });
    },
    roundsTimeout(60_000),
  );

  it(`queue - ${QUEUE_EVENTS} events, two consumers, one killed with its realm mid-way: every event acked exactly once, the unacked redelivered`, async () => {
    const started = performance.now();
    const queue = "/sdk/jobs";
    await clusterHealthy();
    ok(await queues.create({ name: queue }), `create ${queue}`);
    await healthy(queue, queues);

    const producer = await session("queue-producer", ["realm3", "realm2", "realm1"]);
    const batched = producer.session.publisher(queue);
    const pushed: Promise<{ eid: number }>[] = [];
    for (let n = 1; n <= QUEUE_EVENTS; n++)
      pushed.push((await batched.publish(eventText(n))).stored);
    await batched.flush();
    expect((await Promise.all(pushed)).map((published) => published.eid)).toEqual(
      Array.from({ length: QUEUE_EVENTS }, (_, i) => i + 1),
    );
    await close(producer);

    // The doomed consumer lists only realm1 and never tries again: when realm1 dies, so does
    // it, with whatever it had taken and not yet acknowledged.
    const doomed = await session("queue-doomed", ["realm1"], {
      tryAgain: () => false,
    });
    const survivor = await session("queue-survivor", ["realm2", "realm3"]);
    /** Event numbers each consumer's handler was given, in order. */
    const handled = { doomed: [] as number[], survivor: [] as number[] };
    /** Confirmed acks per event, and acks whose confirmation never came. */
    const confirmed = new Map<number, ("doomed" | "survivor")[]>();
    const unconfirmed = new Map<number, "doomed" | "survivor">();
    const redeliveries = new Map<number, number>();
    const handler = (who: "doomed" | "survivor") => async (event: QueueEvent) => {
      const n = eventNumber(event.text());
      handled[who].push(n);
      if (event.redeliveries > 0) redeliveries.set(n, event.redeliveries);
      // A little work per event, so the doomed consumer dies with events in hand.
      await new Promise((resolve) => setTimeout(resolve, 2));
      try {
        await event.ack();
        confirmed.set(n, [...(confirmed.get(n) ?? []), who]);
      } catch {
        unconfirmed.set(n, who);
      }
    };
    const doomedConsumer = doomed.session.consume(queue, handler("doomed"), { ack: "explicit" });
    const survivorConsumer = survivor.session.consume(queue, handler("survivor"), {
      ack: "explicit",
    });
    const ackedBy = (who: "doomed" | "survivor") =>
      [...confirmed.values()].filter((by) => by.includes(who)).length;
    await eventually(
      "40 % of the queue acknowledged, some by each consumer",
      () =>
        Promise.resolve(
          confirmed.size >= QUEUE_EVENTS * 0.4 && ackedBy("doomed") > 0 && ackedBy("survivor") > 0,
        ),
      60_000,
    );
    const killedAt = performance.now();
    await realmAction("realm1", "kill");
    const ackedByDoomed = ackedBy("doomed");

    try {
      const allAcked = () =>
        Array.from({ length: QUEUE_EVENTS }, (_, i) => i + 1).filter(
          (n) => !confirmed.has(n) && !unconfirmed.has(n),
        );
      const detail = await eventually(
        `all ${QUEUE_EVENTS} queue events acknowledged and the queue empty`,
        async () => {
          if (allAcked().length > 0) return null;
          const current = ok(await queues.get(queue), "queue detail");
          return current.events === 0 ? current : null;
        },
        RECOVERY_TIMEOUT_MS,
      ).catch((error: unknown) => {
        const missing = allAcked();
        throw new Error(
          `queue: ${missing.length} events never acknowledged (${missing.slice(0, 20).join(", ")}); ` +
            `survivor failovers ${failovers(survivor)}`,
          { cause: error },
        );
      });
      const allAckedIn = elapsed(killedAt);
      // A late redelivery (a second ack) would show up now.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await survivorConsumer.stop();

      // The doomed consumer's events without a confirmed ack: redelivered to the survivor,
      // unless an unconfirmed ack took effect before realm1 died (then it never comes back).
      const inHand = handled.doomed.filter((n) => !(confirmed.get(n) ?? []).includes("doomed"));
      const acksOf = (n: number) =>
        (confirmed.get(n)?.length ?? 0) + (unconfirmed.has(n) && !confirmed.has(n) ? 1 : 0);
      const notOnce = Array.from({ length: QUEUE_EVENTS }, (_, i) => i + 1).filter(
        (n) => acksOf(n) !== 1,
      );
      const redeliveredInHand = inHand.filter((n) => (confirmed.get(n) ?? []).includes("survivor"));
      const tookEffect = inHand.filter((n) => unconfirmed.get(n) === "doomed" && !confirmed.has(n));
      console.log(
        `[sdk-failover] queue: ${QUEUE_EVENTS} events; the doomed consumer on realm1 acked ${ackedByDoomed} ` +
          `before realm1 was killed and had ${inHand.length} more in hand; ${redeliveredInHand.length} of those ` +
          `were redelivered to the survivor, ${tookEffect.length} had an unconfirmed ack that took effect; ` +
          `the survivor acked ${ackedBy("survivor")} (${redeliveries.size} redeliveries seen); ` +
          `all acknowledged ${allAckedIn} after the kill; survivor failovers ${failovers(survivor)}; ` +
          `doomed closed: ${doomed.statuses.some((status) => status.type === "closed")}; ${elapsed(started)}`,
      );
      expect(
        notOnce.map(
          (n) => `${n}: ${(confirmed.get(n) ?? []).join("+")} ${unconfirmed.get(n) ?? ""}`,
        ),
        "events not acknowledged exactly once",
      ).toEqual([]);
      expect(redeliveredInHand.length + tookEffect.length, "the doomed consumer's events").toBe(
        inHand.length,
      );
      for (const n of redeliveredInHand)
        expect(redeliveries.get(n), `event ${n} redelivered`).toBeGreaterThanOrEqual(1);
      expect(doomed.statuses.some((status) => status.type === "closed")).toBe(true);
      expect(detail.consumerStates[0]).toMatchObject({ pending: 0, ackPending: 0 });
    } finally {
      await doomedConsumer.stop().catch(() => undefined);
      await close(survivor);
      await close(doomed).catch(() => undefined);
      await realmAction("realm1", "start");
    }
  }, 240_000);
});
