import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JsMsg } from "@nats-io/jetstream";
import {
  PublishedEventSchema,
  PurgedSchema,
  QUEUE_CONSUMER,
  StoreDetailSchema,
  StoreEventPageSchema,
  StoreListSchema,
  streamNameFor,
} from "@em/contracts";
import type { HttpSession } from "@em/testkit";
import {
  SOLO_REALM,
  expectError,
  expectOk,
  onRealm,
  segment,
  startStoreTestStack,
  type StoreTestStack,
} from "../testing/store-test-stack.js";

describe("events of channels and queues: snoop, browse, publish, capacity, purge", () => {
  let stack: StoreTestStack;
  let admin: HttpSession;

  const channel = (name: string) => `/api/clusters/demo/channels/${segment(name)}`;
  const queue = (name: string) => `/api/clusters/demo/queues/${segment(name)}`;
  const create = async (collection: string, body: object) =>
    StoreDetailSchema.parse(await expectOk(await admin.post(collection, body), 201));
  const publish = async (path: string, body: object = { data: "x" }) =>
    PublishedEventSchema.parse(await expectOk(await admin.post(`${path}/events`, body), 201)).eid;
  const page = async (path: string, query = "") =>
    StoreEventPageSchema.parse(await expectOk(await admin.get(`${path}/events${query}`)));
  const detail = async (path: string) =>
    StoreDetailSchema.parse(await expectOk(await admin.get(path)));
  const eids = (events: { eid: number }[]) => events.map((e) => e.eid);

  beforeAll(async () => {
    stack = await startStoreTestStack("store-events");
    admin = stack.admin;
  });

  afterAll(async () => {
    await stack?.close();
  });

  it("snoop - newest page by default, EID ranges, text or hex, properties and tag", async () => {
    const path = channel("/snoop");
    await create("/api/clusters/demo/channels", { name: "/snoop" });
    expect(await page(path)).toEqual({
      events: [],
      firstEid: 0,
      lastEid: 0,
      nextEid: null,
      previousEid: null,
    });
    const first = await publish(path, { data: "event 1", properties: { region: "eu" }, tag: "t1" });
    expect(first).toBe(1);
    for (let i = 2; i <= 10; i++) await publish(path, { data: `event ${i}` });
    expect(await publish(path, { data: "00ff10", encoding: "hex" })).toBe(11);
    expect(await publish(path, { data: "48656c6c6f", encoding: "hex" })).toBe(12);

    const newest = await page(path, "?limit=5");
    expect(eids(newest.events)).toEqual([8, 9, 10, 11, 12]);
    expect(newest).toMatchObject({ firstEid: 1, lastEid: 12, nextEid: null, previousEid: 3 });
    expect(newest.events[3]).toMatchObject({ data: "00ff10", encoding: "hex", size: 3 });
    expect(newest.events[4]).toMatchObject({ data: "Hello", encoding: "text", size: 5 });

    const oldest = await page(path, "?fromEid=1&limit=5");
    expect(eids(oldest.events)).toEqual([1, 2, 3, 4, 5]);
    expect(oldest).toMatchObject({ nextEid: 6, previousEid: null });
    expect(oldest.events[0]).toMatchObject({
      eid: 1,
      data: "event 1",
      encoding: "text",
      size: 7,
      tag: "t1",
      properties: { region: "eu" },
    });
    expect(oldest.events[1]).toMatchObject({ tag: null, properties: {} });
    const range = await page(path, "?fromEid=3&toEid=4");
    expect(eids(range.events)).toEqual([3, 4]);
    expect(range).toMatchObject({ nextEid: 5 });

    const backwards = await expectError(
      await admin.get(`${path}/events?fromEid=5&toEid=4`),
      400,
      "VALIDATION",
    );
    expect(backwards.message).toMatch(/toEid/);
    const badHex = await expectError(
      await admin.post(`${path}/events`, { data: "zz", encoding: "hex" }),
      400,
      "VALIDATION",
    );
    expect(badHex.message).toMatch(/data is not hex/);
    await expectError(
      await admin.post(`${path}/events`, { data: "x", properties: { "Nats-Msg-Id": "1" } }),
      400,
      "VALIDATION",
    );
    const twoLines = await expectError(
      await admin.post(`${path}/events`, { data: "x", properties: { note: "a\r\nb" } }),
      400,
      "VALIDATION",
    );
    expect(twoLines.message).toMatch(/properties\.note: no line breaks/);
    const listed = StoreListSchema.parse(
      await expectOk(await admin.get(`/api/clusters/demo/channels?prefix=${segment("/snoop")}`)),
    );
    expect(listed.stores[0]).toMatchObject({ events: 12, lastEid: 12 });
  });

  it("queue browse - consumes nothing; an event consumed elsewhere is skipped", async () => {
    const path = queue("/jobs");
    await create("/api/clusters/demo/queues", { name: "/jobs" });
    for (let i = 1; i <= 4; i++) await publish(path, { data: `job ${i}` });
    expect(eids((await page(path)).events)).toEqual([1, 2, 3, 4]);
    expect(eids((await page(path, "?fromEid=1")).events)).toEqual([1, 2, 3, 4]);
    const untouched = await detail(path);
    expect(untouched.events).toBe(4);
    expect(untouched.consumerStates).toEqual([
      {
        name: QUEUE_CONSUMER,
        pending: 4,
        ackPending: 0,
        redelivered: 0,
        ackFloorEid: 0,
        lastDeliveredEid: 0,
      },
    ]);
    // An application takes two jobs through realm3 and finishes the second.
    await onRealm(stack.realmd, "realm3", async (js) => {
      const consumer = await js.consumers.get(streamNameFor("/jobs"), QUEUE_CONSUMER);
      const taken: JsMsg[] = [];
      for await (const message of await consumer.fetch({ max_messages: 2, expires: 2000 }))
        taken.push(message);
      expect(taken.map((m) => m.seq)).toEqual([1, 2]);
      await taken[1]?.ackAck();
    });
    const browsed = await page(path, "?fromEid=1");
    expect(eids(browsed.events)).toEqual([1, 3, 4]);
    const after = await detail(path);
    expect(after.events).toBe(3);
    expect(after.consumerStates[0]).toMatchObject({ pending: 2, ackPending: 1 });
  });

  it("capacity 5 keeps the newest 5: first EID 2 after 6 publishes", async () => {
    const path = channel("/capped");
    await create("/api/clusters/demo/channels", { name: "/capped", capacity: 5 });
    for (let i = 1; i <= 6; i++) expect(await publish(path)).toBe(i);
    expect(await detail(path)).toMatchObject({ events: 5, firstEid: 2, lastEid: 6 });
    expect(eids((await page(path, "?fromEid=1")).events)).toEqual([2, 3, 4, 5, 6]);
  });

  it("eventId - a retried publish is stored once and answers the first EID", async () => {
    const path = channel("/retried");
    await create("/api/clusters/demo/channels", { name: "/retried" });
    const send = async () =>
      PublishedEventSchema.parse(
        await (await admin.post(`${path}/events`, { data: "once", eventId: "order-42" })).json(),
      );
    expect(await send()).toEqual({ eid: 1, eventId: "order-42", duplicate: false });
    expect(await send()).toEqual({ eid: 1, eventId: "order-42", duplicate: true });
    expect(await detail(path)).toMatchObject({ events: 1, lastEid: 1 });
    const fresh = PublishedEventSchema.parse(
      await (await admin.post(`${path}/events`, { data: "twice" })).json(),
    );
    expect(fresh).toMatchObject({ eid: 2, duplicate: false });
    expect(fresh.eventId).not.toBe("order-42");
    await expectError(
      await admin.post(`${path}/events`, { data: "x", eventId: "has space" }),
      400,
      "VALIDATION",
    );
    // Purge with no body at all purges everything.
    expect((await admin.request("POST", `${path}/purge`)).status).toBe(200);
    expect(await detail(path)).toMatchObject({ events: 0 });
  });

  it("honourCapacity - the 6th publish is refused with 409 STORE_FULL, nothing stored", async () => {
    const path = channel("/full");
    await create("/api/clusters/demo/channels", {
      name: "/full",
      capacity: 5,
      honourCapacity: true,
    });
    for (let i = 1; i <= 5; i++) await publish(path);
    const error = await expectError(
      await admin.post(`${path}/events`, { data: "one too many" }),
      409,
      "STORE_FULL",
    );
    expect(error.message).toMatch(/"\/full" is full: it holds its capacity of 5 events/);
    expect(await detail(path)).toMatchObject({ events: 5, firstEid: 1, lastEid: 5 });
  });

  it("purge up to an EID, then all; the list shows it at once", async () => {
    const path = channel("/purged");
    await create("/api/clusters/demo/channels", { name: "/purged" });
    for (let i = 1; i <= 6; i++) await publish(path);
    const some = PurgedSchema.parse(
      await expectOk(await admin.post(`${path}/purge`, { upToEid: 3 })),
    );
    expect(some.purged).toBe(3);
    expect(await detail(path)).toMatchObject({ events: 3, firstEid: 4, lastEid: 6 });
    expect(eids((await page(path, "?fromEid=1")).events)).toEqual([4, 5, 6]);
    const rest = PurgedSchema.parse(await expectOk(await admin.post(`${path}/purge`, {})));
    expect(rest.purged).toBe(3);
    const listed = StoreListSchema.parse(
      await expectOk(await admin.get(`/api/clusters/demo/channels?prefix=${segment("/purged")}`)),
    );
    expect(listed.stores[0]).toMatchObject({ events: 0, firstEid: 0, lastEid: 6 });
  });

  it("startEid - the first event of a new channel gets that EID", async () => {
    const path = channel("/later");
    await create("/api/clusters/demo/channels", { name: "/later", startEid: 100 });
    expect(await publish(path)).toBe(100);
    expect(await detail(path)).toMatchObject({ events: 1, firstEid: 100, lastEid: 100 });
  });

  it("realm-local queue on a standalone realm - publish and browse", async () => {
    const path = `/api/realms/${SOLO_REALM}/queues/${segment("/solo/q")}`;
    await create(`/api/realms/${SOLO_REALM}/queues`, { name: "/solo/q", type: "reliable" });
    expect(await publish(path, { data: "local", tag: "here" })).toBe(1);
    const browsed = await page(path);
    expect(browsed.events).toMatchObject([{ eid: 1, data: "local", tag: "here" }]);
    expect((await detail(path)).consumerStates[0]).toMatchObject({ pending: 1 });
  });

  // Last: it leaves the cluster without quorum.
  it("no quorum - changes answer 503 NO_QUORUM; snoop still reads events by EID", async () => {
    const path = channel("/snoop");
    // The console has listed the channels: their last known EIDs stand in for the leader's.
    await expectOk(await admin.get("/api/clusters/demo/channels"));
    for (const realm of ["realm2", "realm3"])
      await expectOk(await admin.post(`/api/realms/${realm}/actions/kill`));
    const error = await expectError(
      await admin.post("/api/clusters/demo/channels", { name: "/too-late" }),
      503,
      "NO_QUORUM",
    );
    expect(error.message).toMatch(/cluster "demo" cannot answer/);
    await expectError(await admin.post(`${path}/events`, { data: "x" }), 503, "NO_QUORUM");
    const snooped = await page(path, "?fromEid=1&limit=3");
    expect(snooped.events.map((e) => e.data)).toEqual(["event 1", "event 2", "event 3"]);
  });
});
