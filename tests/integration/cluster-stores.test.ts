import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { headers, type NatsConnection } from "@nats-io/transport-node";
import {
  jetstream,
  jetstreamManager,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from "@nats-io/jetstream";
import {
  EVENT_HEADERS,
  QUEUE_CONSUMER,
  STORE_METADATA,
  streamNameFor,
  subjectFor,
} from "@em/contracts";
import { eventually, type HttpSession } from "@em/testkit";
import { startLocalStack, type LocalStack } from "../support/local-stack.js";
import {
  connectToRealm,
  formCluster,
  ok,
  storeApi,
  type StoreApi,
} from "../support/cluster-stores.js";

const REALMS = ["realm1", "realm2", "realm3"];
const CLUSTER = "demo";

/** One realm as an application sees it: a connection to its client port, JetStream on it. */
interface RealmClient {
  connection: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
}

const encode = (text: string) => new TextEncoder().encode(text);

describe("cluster channels and queues across the realms of a real cluster", () => {
  let stack: LocalStack;
  let admin: HttpSession;
  let channels: StoreApi;
  let queues: StoreApi;
  const realms = new Map<string, RealmClient>();
  const realm = (name: string) => realms.get(name) as RealmClient;

  beforeAll(async () => {
    stack = await startLocalStack({ realms: REALMS.length, clusterPorts: true });
    admin = await stack.adminApi.adminSession();
    await formCluster(admin, CLUSTER, REALMS);
    channels = storeApi(admin, "cluster", CLUSTER, "channel");
    queues = storeApi(admin, "cluster", CLUSTER, "queue");
    for (const name of REALMS) {
      const connection = await connectToRealm(stack, name);
      realms.set(name, {
        connection,
        js: jetstream(connection, { timeout: 5_000 }),
        jsm: await jetstreamManager(connection, { timeout: 5_000 }),
      });
    }
  });

  afterAll(async () => {
    for (const client of realms.values()) await client.connection.close().catch(() => undefined);
    await stack?.[Symbol.asyncDispose]();
  });

  it("channel - an event published through realm1 is read by EID through realm2 and realm3, and snooped", async () => {
    const name = "/eu/orders";
    const created = ok(await channels.create({ name, ttlMs: 3_600_000 }), "create /eu/orders");
    expect(created).toMatchObject({ name, kind: "channel", scope: "cluster", cluster: CLUSTER });
    expect(created.replicas).toBe(3);

    const stream = streamNameFor(name);
    const info = await realm("realm1").jsm.streams.info(stream);
    expect(info.config.subjects).toEqual([subjectFor(name)]);
    expect(info.config.num_replicas).toBe(3);
    expect(info.config.allow_direct).toBe(true);
    expect(info.config.metadata?.[STORE_METADATA.name]).toBe(name);

    await realm("realm1").js.publish(subjectFor(name), encode("warm-up"));
    const eventHeaders = headers();
    eventHeaders.set(EVENT_HEADERS.tag, "priority");
    eventHeaders.set("Region", "eu-west");
    const data = "order 42: 3 × ünïcode widgets";
    const ack = await realm("realm1").js.publish(subjectFor(name), encode(data), {
      headers: eventHeaders,
    });
    expect(ack).toMatchObject({ stream, seq: 2, duplicate: false });

    for (const reader of ["realm2", "realm3"]) {
      const stored = await eventually(`EID 2 by direct get through ${reader}`, () =>
        realm(reader).jsm.direct.getMessage(stream, { seq: ack.seq }),
      );
      expect(stored.seq, reader).toBe(2);
      expect(stored.subject, reader).toBe(subjectFor(name));
      expect(stored.string(), reader).toBe(data);
      expect(stored.header.get(EVENT_HEADERS.tag), reader).toBe("priority");
      expect(stored.header.get("Region"), reader).toBe("eu-west");
    }

    const page = ok(await channels.events(name, { fromEid: 2, limit: 1 }), "snoop EID 2");
    expect(page.events).toHaveLength(1);
    expect(page.events[0]).toMatchObject({
      eid: 2,
      data,
      encoding: "text",
      tag: "priority",
      properties: { Region: "eu-west" },
      size: encode(data).length,
    });
    expect(page).toMatchObject({ firstEid: 1, lastEid: 2 });

    // And the other way round: published through the API, read by that EID on every realm.
    const published = ok(
      await channels.publish(name, {
        data: "from the console",
        properties: { Step: "3" },
        tag: "t",
      }),
      "publish through the API",
    );
    expect(published.eid).toBe(3);
    for (const reader of REALMS) {
      const stored = await eventually(`EID 3 through ${reader}`, () =>
        realm(reader).jsm.direct.getMessage(stream, { seq: 3 }),
      );
      expect(stored.string(), reader).toBe("from the console");
      expect(stored.header.get("Step"), reader).toBe("3");
    }

    const detail = await eventually("every replica current", async () => {
      const current = ok(await channels.get(name), "channel detail");
      return current.replicaStates.every((replica) => replica.current) ? current : null;
    });
    expect(detail).toMatchObject({ events: 3, firstEid: 1, lastEid: 3 });
    expect(detail.replicaStates.map((replica) => replica.realm).sort()).toEqual(REALMS);
    expect(detail.replicaStates.filter((replica) => replica.leader)).toHaveLength(1);
  });

  it("channel - capacity 5 keeps the newest 5 of 7 events: EIDs 3..7", async () => {
    const name = "/capped";
    const stream = streamNameFor(name);
    ok(await channels.create({ name, capacity: 5 }), "create /capped");
    for (let n = 1; n <= 7; n++) {
      const ack = await realm("realm1").js.publish(subjectFor(name), encode(`event ${n}`));
      expect(ack.seq).toBe(n);
    }

    const page = ok(await channels.events(name, { fromEid: 1, limit: 50 }), "snoop /capped");
    expect(page.events.map((event) => [event.eid, event.data])).toEqual(
      [3, 4, 5, 6, 7].map((eid) => [eid, `event ${eid}`]),
    );
    expect(page).toMatchObject({ firstEid: 3, lastEid: 7 });
    expect(ok(await channels.get(name), "detail /capped")).toMatchObject({
      capacity: 5,
      honourCapacity: false,
      events: 5,
      firstEid: 3,
      lastEid: 7,
    });
    for (const reader of ["realm2", "realm3"]) {
      const newest = await eventually(`EID 7 through ${reader}`, () =>
        realm(reader).jsm.direct.getMessage(stream, { seq: 7 }),
      );
      expect(newest.string()).toBe("event 7");
      expect(await realm(reader).jsm.direct.getMessage(stream, { seq: 2 }), reader).toBeNull();
    }
  });

  it("channel - with honourCapacity the 6th publish is refused (409 STORE_FULL, and raw), nothing stored", async () => {
    const name = "/capped/strict";
    ok(await channels.create({ name, capacity: 5, honourCapacity: true }), "create");
    for (let n = 1; n <= 5; n++) {
      const published = ok(await channels.publish(name, { data: `event ${n}` }), `publish ${n}`);
      expect(published.eid).toBe(n);
    }

    const refused = await channels.publish(name, { data: "event 6" });
    expect(refused.status).toBe(409);
    expect(refused.error?.code).toBe("STORE_FULL");
    expect(refused.error?.message).toMatch(/capacity|full/i);
    expect(refused.error?.message).toMatch(/5/);

    await expect(
      realm("realm2").js.publish(subjectFor(name), encode("raw event 6")),
    ).rejects.toThrow(/maximum messages/i);

    const page = ok(await channels.events(name, { fromEid: 1 }), "snoop /capped/strict");
    expect(page.events.map((event) => event.data)).toEqual(
      [1, 2, 3, 4, 5].map((n) => `event ${n}`),
    );
    expect(ok(await channels.get(name), "detail")).toMatchObject({
      honourCapacity: true,
      events: 5,
      firstEid: 1,
      lastEid: 5,
    });
    const info = await realm("realm3").jsm.streams.info(streamNameFor(name));
    expect(info.state.messages).toBe(5);
    expect(info.state.last_seq).toBe(5);
  });

  it("queue - an event consumed through realm2 is gone for a consumer on realm3 and from the browse", async () => {
    const name = "/jobs";
    const stream = streamNameFor(name);
    const created = ok(await queues.create({ name }), "create queue /jobs");
    expect(created).toMatchObject({ kind: "queue", scope: "cluster", replicas: 3 });
    expect(ok(await queues.publish(name, { data: "job 1" }), "publish job 1").eid).toBe(1);
    const browsed = ok(await queues.events(name, { fromEid: 1 }), "browse before");
    expect(browsed.events.map((event) => [event.eid, event.data])).toEqual([[1, "job 1"]]);
    // Browsing consumed nothing: the queue still holds it.
    expect(ok(await queues.get(name), "detail").events).toBe(1);

    const fetchAll = async (reader: string): Promise<JsMsg[]> => {
      const consumer = await realm(reader).js.consumers.get(stream, QUEUE_CONSUMER);
      const batch = await consumer.fetch({ max_messages: 10, expires: 1_500 });
      const messages: JsMsg[] = [];
      for await (const message of batch) {
        messages.push(message);
        await message.ackAck();
      }
      return messages;
    };

    const onRealm2 = await fetchAll("realm2");
    expect(onRealm2.map((message) => [message.seq, message.string()])).toEqual([[1, "job 1"]]);
    expect(await fetchAll("realm3")).toEqual([]);

    const after = ok(await queues.events(name, { fromEid: 1 }), "browse after");
    expect(after.events).toEqual([]);
    const detail = ok(await queues.get(name), "detail after");
    expect(detail.events).toBe(0);
    expect(detail.lastEid).toBe(1);
    expect(
      detail.consumerStates.find((consumer) => consumer.name === QUEUE_CONSUMER),
    ).toMatchObject({ ackFloorEid: 1, pending: 0, ackPending: 0 });

    // realm3's consumer works: a new event is its to take, and realm2 then gets nothing.
    expect(ok(await queues.publish(name, { data: "job 2" }), "publish job 2").eid).toBe(2);
    const onRealm3 = await fetchAll("realm3");
    expect(onRealm3.map((message) => [message.seq, message.string()])).toEqual([[2, "job 2"]]);
    expect(await fetchAll("realm2")).toEqual([]);
  });

  it("realm-local channel - on realm2 is listed as local under realm2 only, one replica on realm2", async () => {
    const name = "/local/r2";
    const onRealm2 = storeApi(admin, "realm", "realm2", "channel");
    ok(await channels.create({ name: "/shared" }), "create cluster channel /shared");
    const created = ok(await onRealm2.create({ name }), "create realm-local channel");
    expect(created).toMatchObject({ name, scope: "local", realm: "realm2", cluster: null });
    expect(ok(await onRealm2.publish(name, { data: "local event" }), "publish").eid).toBe(1);

    // Lists answer from cached state: wait for the refresh that sees it.
    const listed = await eventually("the realm-local channel listed under realm2", async () => {
      const list = ok(await onRealm2.list(), "list realm2 channels");
      return list.stores.length > 0 ? list : null;
    });
    expect(listed.stores.map((store) => [store.name, store.scope, store.realm])).toEqual([
      [name, "local", "realm2"],
    ]);
    const clusterList = await eventually("the cluster channel /shared listed", async () => {
      const list = ok(await channels.list({ limit: 1000 }), "list cluster channels");
      return list.stores.some((store) => store.name === "/shared") ? list : null;
    });
    expect(clusterList.stores.map((store) => store.name)).not.toContain(name);
    expect(clusterList.stores.every((store) => store.scope === "cluster")).toBe(true);
    const realm1List = ok(
      await storeApi(admin, "realm", "realm1", "channel").list(),
      "list realm1 channels",
    );
    expect(realm1List.stores).toEqual([]);

    const detail = ok(await onRealm2.get(name), "realm-local detail");
    expect(detail.replicas).toBe(1);
    expect(detail.replicaStates.map((replica) => [replica.realm, replica.leader])).toEqual([
      ["realm2", true],
    ]);
    expect(detail.leader).toBe("realm2");
    expect(detail.events).toBe(1);

    // The engine agrees: one copy, placed on realm2 by its tag, led by realm2.
    const info = await realm("realm1").jsm.streams.info(streamNameFor(name));
    expect(info.config.num_replicas).toBe(1);
    expect(info.config.placement?.tags).toEqual(["realm:realm2"]);
    expect(info.cluster?.leader).toBe("realm2");
    expect(info.cluster?.replicas ?? []).toEqual([]);
  });
});
