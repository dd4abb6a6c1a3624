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

  it("realm-local channel on a standalone realm: one replica there", async () => {
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
    expect((await list(`/api/realms/${SOLO_REALM}/channels`)).stores.map((s) => s.name)).toEqual([
      "/local/a",
    ]);
  });

  it("bad input - capacity over the maximum names the field", async () => {
    const error = await expectError(
      await admin.post("/api/clusters/demo/channels", { name: "/big", capacity: CAPACITY_MAX + 1 }),
      400,
      "VALIDATION",
    );
    expect(error.message).toMatch(/capacity/);
  });
});
