import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CAPACITY_MAX,
  PublishedEventSchema,
  StoreDetailSchema,
  StoreListSchema,
} from "@em/contracts";
import type { HttpSession } from "@em/testkit";
import {
  CLUSTER_REALMS,
  SOLO_REALM,
  expectError,
  expectOk,
  segment,
  startStoreTestStack,
  type StoreTestStack,
} from "../testing/store-test-stack.js";

describe("channels and queues through the admin API, on real realms", () => {
  let stack: StoreTestStack;
  let admin: HttpSession;

  const list = async (path: string) => StoreListSchema.parse(await expectOk(await admin.get(path)));
  const detail = async (path: string) =>
    StoreDetailSchema.parse(await expectOk(await admin.get(path)));

  beforeAll(async () => {
    stack = await startStoreTestStack("cluster-stores");
    admin = stack.admin;
  });

  afterAll(async () => {
    await stack?.close();
  });

  it("cluster channel - created on every member, listed, read, deleted", async () => {
    const created = StoreDetailSchema.parse(
      await expectOk(
        await admin.post("/api/clusters/demo/channels", {
          name: "/eu/sales",
          type: "persistent",
          ttlMs: 3_600_000,
          capacity: 10_000,
        }),
        201,
      ),
    );
    expect(created).toMatchObject({
      name: "/eu/sales",
      kind: "channel",
      scope: "cluster",
      cluster: "demo",
      realm: null,
      ttlMs: 3_600_000,
      capacity: 10_000,
      honourCapacity: false,
      replicas: 3,
      events: 0,
    });
    const listed = await list("/api/clusters/demo/channels");
    expect(listed.stores.map((s) => s.name)).toEqual(["/eu/sales"]);
    expect(listed.total).toBe(1);
    const published = PublishedEventSchema.parse(
      await expectOk(
        await admin.post(`/api/clusters/demo/channels/${segment("/eu/sales")}/events`, {
          data: "hello",
        }),
        201,
      ),
    );
    expect(published.eid).toBe(1);
    const read = await detail(`/api/clusters/demo/channels/${segment("/eu/sales")}`);
    expect(read).toMatchObject({ events: 1, firstEid: 1, lastEid: 1 });
    expect(read.replicaStates.map((r) => r.realm)).toEqual(CLUSTER_REALMS);
    expect(read.replicaStates.filter((r) => r.leader)).toHaveLength(1);
    expect(read.leader).toBe(read.replicaStates.find((r) => r.leader)?.realm);
    expect((await list("/api/clusters/demo/channels")).stores[0]).toMatchObject({
      events: 1,
      lastEid: 1,
    });
    await expectOk(await admin.delete(`/api/clusters/demo/channels/${segment("/eu/sales")}`), 204);
    expect((await list("/api/clusters/demo/channels")).total).toBe(0);
    await expectError(
      await admin.get(`/api/clusters/demo/channels/${segment("/eu/sales")}`),
      404,
      "NOT_FOUND",
    );
  });

  it("cluster queue - created with its shared consumer, not listed among channels", async () => {
    const created = StoreDetailSchema.parse(
      await expectOk(await admin.post("/api/clusters/demo/queues", { name: "orders-q" }), 201),
    );
    expect(created).toMatchObject({ kind: "queue", replicas: 3, consumers: 1 });
    expect(created.consumerStates.map((c) => c.name)).toEqual(["um-queue"]);
    expect((await list("/api/clusters/demo/queues")).stores.map((s) => s.name)).toEqual([
      "orders-q",
    ]);
    expect((await list("/api/clusters/demo/channels")).total).toBe(0);
    const asChannel = await expectError(
      await admin.get("/api/clusters/demo/channels/orders-q"),
      404,
      "NOT_FOUND",
    );
    expect(asChannel.message).toMatch(/is a queue/);
    await expectOk(await admin.delete("/api/clusters/demo/queues/orders-q"), 204);
  });

  it("realm-local channel on a standalone realm: one replica there, listed under the realm", async () => {
    const created = StoreDetailSchema.parse(
      await expectOk(
        await admin.post(`/api/realms/${SOLO_REALM}/channels`, {
          name: "/local/a",
          type: "simple",
        }),
        201,
      ),
    );
    expect(created).toMatchObject({
      scope: "local",
      realm: SOLO_REALM,
      cluster: null,
      type: "simple",
      replicas: 1,
    });
    expect(created.replicaStates).toMatchObject([{ realm: SOLO_REALM, leader: true }]);
    const listed = await list(`/api/realms/${SOLO_REALM}/channels`);
    expect(listed.stores.map((s) => s.name)).toEqual(["/local/a"]);
  });

  it("realm-local channel on a clustered realm: pinned there, listed under it, not the cluster", async () => {
    const created = StoreDetailSchema.parse(
      await expectOk(await admin.post("/api/realms/realm2/channels", { name: "/pinned" }), 201),
    );
    expect(created).toMatchObject({ scope: "local", realm: "realm2", replicas: 1 });
    const read = await detail(`/api/realms/realm2/channels/${segment("/pinned")}`);
    expect(read.replicaStates).toMatchObject([{ realm: "realm2", leader: true }]);
    expect(read.leader).toBe("realm2");
    expect((await list("/api/realms/realm2/channels")).stores.map((s) => s.name)).toEqual([
      "/pinned",
    ]);
    expect((await list("/api/realms/realm1/channels")).total).toBe(0);
    expect((await list("/api/clusters/demo/channels")).stores.map((s) => s.name)).not.toContain(
      "/pinned",
    );
    const viaCluster = await expectError(
      await admin.get(`/api/clusters/demo/channels/${segment("/pinned")}`),
      404,
      "NOT_FOUND",
    );
    expect(viaCluster.message).toMatch(/realm-local channel of realm "realm2"/);
    // Names are unique across the cluster's account: a cluster channel cannot take it.
    const clash = await expectError(
      await admin.post("/api/clusters/demo/channels", { name: "/pinned" }),
      409,
      "CONFLICT",
    );
    expect(clash.message).toMatch(
      /realm-local channel named "\/pinned" already exists in realm "realm2"/,
    );
    const replicas = await expectError(
      await admin.request("PATCH", `/api/realms/realm2/channels/${segment("/pinned")}`, {
        replicas: 3,
      }),
      400,
      "VALIDATION",
    );
    expect(replicas.message).toMatch(/replicas/);
  });

  it("PATCH - capacity, TTL and honourCapacity change on a live channel", async () => {
    const path = `/api/clusters/demo/channels/${segment("/patched")}`;
    await expectOk(await admin.post("/api/clusters/demo/channels", { name: "/patched" }), 201);
    for (let i = 1; i <= 8; i++)
      await expectOk(await admin.post(`${path}/events`, { data: `event ${i}` }), 201);
    const patched = StoreDetailSchema.parse(
      await expectOk(await admin.request("PATCH", path, { capacity: 5, ttlMs: 60_000 })),
    );
    expect(patched).toMatchObject({ capacity: 5, ttlMs: 60_000, honourCapacity: false });
    const read = await detail(path);
    expect(read).toMatchObject({ capacity: 5, events: 5, firstEid: 4, lastEid: 8 });
    expect((await list("/api/clusters/demo/channels?prefix=/patched")).stores[0]).toMatchObject({
      capacity: 5,
      events: 5,
    });
    const honour = StoreDetailSchema.parse(
      await expectOk(await admin.request("PATCH", path, { honourCapacity: true })),
    );
    expect(honour).toMatchObject({ capacity: 5, ttlMs: 60_000, honourCapacity: true });
    const fewer = StoreDetailSchema.parse(
      await expectOk(await admin.request("PATCH", path, { replicas: 2 })),
    );
    expect(fewer).toMatchObject({ replicas: 2, events: 5 });
    const tooMany = await expectError(
      await admin.request("PATCH", path, { replicas: 4 }),
      409,
      "INVALID_STATE",
    );
    expect(tooMany.message).toMatch(/has 3 members/);
    await expectError(await admin.request("PATCH", path, {}), 400, "VALIDATION");
  });

  it("list - prefix filter and offset/limit paging over the sorted names", async () => {
    for (const name of ["/shop/c", "/shop/a", "/shop/b", "/other/x"])
      await expectOk(await admin.post("/api/clusters/demo/channels", { name }), 201);
    const first = await list(`/api/clusters/demo/channels?prefix=${segment("/shop/")}&limit=2`);
    expect(first.total).toBe(3);
    expect(first.stores.map((s) => s.name)).toEqual(["/shop/a", "/shop/b"]);
    expect(first).toMatchObject({ offset: 0, limit: 2, stale: false });
    const second = await list(
      `/api/clusters/demo/channels?prefix=${segment("/shop/")}&limit=2&offset=2`,
    );
    expect(second.stores.map((s) => s.name)).toEqual(["/shop/c"]);
    expect(second.stores[0]).toMatchObject({ replicaHealth: "ok", replicas: 3, consumers: 0 });
    await expectError(await admin.get("/api/clusters/demo/channels?limit=0"), 400, "VALIDATION");
  });

  it("bad input - each name rule, types, TTL, capacity, replicas: 4xx naming the field", async () => {
    const post = (body: object) => admin.post("/api/clusters/demo/channels", body);
    const cases: [object, RegExp][] = [
      [{ name: "/a b!" }, /name: a name has only letters, digits/],
      [{ name: "/a//b" }, /name: a name has no empty folder/],
      [{ name: "/a/" }, /name: a name does not end with '\/'/],
      [{ name: `/${"x".repeat(235)}` }, /name: a name has at most 235 characters/],
      [{ name: "/t", type: "transient" }, /type: transient stores/],
      [{ name: "/t", type: "simple" }, /type: simple stores cannot be clustered/],
      [{ name: "/t", ttlMs: -1 }, /ttlMs: ttlMs is 0/],
      [{ name: "/t", ttlMs: 99 }, /ttlMs: ttlMs is 0 \(keep forever\) or at least 100/],
      [{ name: "/t", capacity: CAPACITY_MAX + 1 }, /capacity: capacity is at most 2147483646/],
    ];
    for (const [body, message] of cases) {
      const error = await expectError(await post(body), 400, "VALIDATION");
      expect(error.message).toMatch(message);
    }
    const tooMany = await expectError(
      await post({ name: "/t", replicas: 4 }),
      409,
      "INVALID_STATE",
    );
    expect(tooMany.message).toMatch(/has 3 members/);
    await expectError(
      await admin.post("/api/realms/solo/queues", { name: "/t", type: "transient" }),
      400,
      "VALIDATION",
    );
    expect((await list("/api/clusters/demo/channels?prefix=/t")).total).toBe(0);
  });

  it("bad input - duplicates of either kind: 409 CONFLICT saying where the name lives", async () => {
    await expectOk(await admin.post("/api/clusters/demo/channels", { name: "/dup" }), 201);
    const same = await expectError(
      await admin.post("/api/clusters/demo/channels", { name: "/dup" }),
      409,
      "CONFLICT",
    );
    expect(same.message).toMatch(/channel named "\/dup" already exists in cluster "demo"/);
    const otherKind = await expectError(
      await admin.post("/api/clusters/demo/queues", { name: "/dup" }),
      409,
      "CONFLICT",
    );
    expect(otherKind.message).toMatch(/channel named "\/dup"/);
  });

  it("unknown cluster, realm, channel or queue: 404 NOT_FOUND", async () => {
    await expectError(await admin.get("/api/clusters/nope/channels"), 404, "NOT_FOUND");
    await expectError(
      await admin.post("/api/clusters/nope/queues", { name: "/x" }),
      404,
      "NOT_FOUND",
    );
    await expectError(await admin.get("/api/realms/nope/channels"), 404, "NOT_FOUND");
    const channel = await expectError(
      await admin.get(`/api/clusters/demo/channels/${segment("/missing")}`),
      404,
      "NOT_FOUND",
    );
    expect(channel.message).toMatch(/No channel "\/missing" in cluster "demo"/);
    await expectError(
      await admin.post(`/api/clusters/demo/queues/${segment("/missing")}/events`, { data: "x" }),
      404,
      "NOT_FOUND",
    );
  });
});
