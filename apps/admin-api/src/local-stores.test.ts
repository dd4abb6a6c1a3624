import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NatsConnection } from "@nats-io/transport-node";
import { jetstream, type JetStreamManager } from "@nats-io/jetstream";
import {
  ApiErrorBodySchema,
  ClusterListSchema,
  OperationAcceptedSchema,
  OperationSchema,
  PreflightSchema,
  RealmSummarySchema,
  type Operation,
} from "@em/contracts";
import {
  eventually,
  freePorts,
  type HttpSession,
  type RealmHost,
  startRealmHost,
  tempDir,
  type TempDir,
} from "@em/testkit";
import { onRealm as onRealmOf } from "./testing/on-realm.js";
import { startTestAdminApi, type TestAdminApi } from "./testing/test-admin-api.js";

const REALMS = ["realm1", "realm2", "realm3"];
const STORE = "local_orders";
const DURABLE = "orders_worker";
const PAYLOADS = [1, 2, 3, 4, 5].map((n) => `order ${n}`);

describe("realm-local stores when realms join a cluster, against real realms", () => {
  let dir: TempDir;
  let realmd: RealmHost;
  let api: TestAdminApi;
  let admin: HttpSession;

  const onRealm = <T>(
    realm: string,
    work: (jsm: JetStreamManager, nc: NatsConnection) => Promise<T>,
  ) => onRealmOf(realmd, realm, work);

  const createStore = (realm: string, messages: string[]) =>
    onRealm(realm, async (jsm, nc) => {
      await jsm.streams.add({ name: STORE, subjects: ["local.orders"] });
      const js = jetstream(nc);
      for (const payload of messages) await js.publish("local.orders", payload);
      await jsm.consumers.add(STORE, { durable_name: DURABLE, ack_policy: "explicit" });
    });

  const storeState = (realm: string) =>
    onRealm(realm, async (jsm) => {
      const info = await jsm.streams.info(STORE);
      const payloads: string[] = [];
      for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++)
        payloads.push((await jsm.streams.getMessage(STORE, { seq }))?.string() ?? "");
      const durable = await jsm.consumers.info(STORE, DURABLE);
      return {
        messages: info.state.messages,
        firstSeq: info.state.first_seq,
        lastSeq: info.state.last_seq,
        payloads,
        durable: durable.config.durable_name,
        replicas: info.config.num_replicas,
        placement: info.config.placement?.tags,
        leader: info.cluster?.leader,
      };
    });

  async function finished(operation: Operation): Promise<Operation> {
    return eventually(
      `operation ${operation.kind}`,
      async () => {
        const current = OperationSchema.parse(
          await (await admin.get(`/api/operations/${operation.id}`)).json(),
        );
        if (current.status === "running") throw new Error(JSON.stringify(current.steps));
        return current;
      },
      90_000,
    );
  }

  beforeAll(async () => {
    dir = await tempDir("local-stores");
    realmd = await startRealmHost(`${dir.path}/realmd`);
    const ports = await freePorts(REALMS.length);
    for (const [index, name] of REALMS.entries())
      await realmd.createRealm(name, { clusterPort: ports[index] as number });
    api = await startTestAdminApi({
      dataDir: `${dir.path}/admin-api`,
      env: { EM_REGISTER_HOST_URL: realmd.url, EM_REGISTER_HOST_TOKEN: realmd.token },
    });
    admin = await api.adminSession();
    await eventually("every realm online", async () => {
      for (const name of REALMS) {
        const realm = RealmSummarySchema.parse(
          await (await admin.get(`/api/realms/${name}`)).json(),
        );
        if (realm.status !== "online" || realm.stale) return false;
      }
      return true;
    });
  });

  afterAll(async () => {
    await api?.close();
    await realmd?.stop();
    await dir?.[Symbol.asyncDispose]();
  });

  it("a store of one name on two realms: create refused by the preflight (store-clash), nothing changed", async () => {
    await createStore("realm1", PAYLOADS);
    await createStore("realm2", ["elsewhere"]);
    const response = await admin.post("/api/clusters", {
      name: "kept",
      realms: REALMS,
      localStores: "keep",
    });
    expect(response.status).toBe(409);
    const { error } = ApiErrorBodySchema.parse(await response.json());
    expect(error.code).toBe("PREFLIGHT_FAILED");
    const clash = PreflightSchema.parse(error.details?.["preflight"]).checks.find(
      (c) => c.id === "store-clash",
    );
    expect(clash?.level).toBe("error");
    expect(clash?.message).toMatch(/"local_orders" exists on realms "realm1", "realm2"/);

    const list = ClusterListSchema.parse(await (await admin.get("/api/clusters")).json());
    expect(list.clusters).toEqual([]);
    for (const name of REALMS) expect((await realmd.hostedRealm(name)).cluster).toBeNull();
    expect((await storeState("realm1")).payloads).toEqual(PAYLOADS);
    expect((await storeState("realm2")).payloads).toEqual(["elsewhere"]);
  });

  it("keep: realm1's store survives the join with its events, sequences and durable", async () => {
    await onRealm("realm2", (jsm) => jsm.streams.delete(STORE));
    const dry = PreflightSchema.parse(
      await (
        await admin.post("/api/clusters?dryRun=true", {
          name: "kept",
          realms: REALMS,
          localStores: "keep",
        })
      ).json(),
    );
    expect(dry.ok).toBe(true);
    expect(dry.checks.find((c) => c.id === "local-stores")?.message).toMatch(
      /"realm1" holds 1 realm-local channel\/queue \(local_orders\): they will be kept/,
    );

    const response = await admin.post("/api/clusters", {
      name: "kept",
      realms: REALMS,
      localStores: "keep",
    });
    expect(response.status).toBe(202);
    const done = await finished(OperationAcceptedSchema.parse(await response.json()).operation);
    expect(done.status, JSON.stringify(done.steps)).toBe("succeeded");
    const keepStep = done.steps.find((s) => s.name === "keep 1 realm-local store of realm1");
    expect(keepStep?.status).toBe("done");
    console.log(`keep step: ${keepStep?.message}`);
    const restarted = Date.parse(
      done.steps.find((s) => s.name === "configure routes and restart realm1")?.finishedAt ?? "",
    );

    const expected = {
      messages: 5,
      firstSeq: 1,
      lastSeq: 5,
      payloads: PAYLOADS,
      durable: DURABLE,
      replicas: 1,
      placement: ["realm:realm1"],
      leader: expect.stringContaining("realm1") as unknown,
    };
    expect(await storeState("realm1")).toEqual(expected);
    // The engine deletes unclaimed stores 30 s after the join: still there after that.
    const wait = restarted + 32_000 - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    expect(await storeState("realm3")).toEqual(expected);
  }, 150_000);
});
