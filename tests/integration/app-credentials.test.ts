// Application credentials (issue 7) against a real three-realm cluster: an admin makes a
// credential limited to /sales, and an SDK session with it publishes to and subscribes to /sales
// but is refused /orders and the queue /jobs with PermissionDeniedError (no hang, no retry
// loop); a permission change, a rotation and a deletion take effect on every member by reload;
// a paused member is named pending and takes the change once resumed. Also: no API answer
// carries a password hash, a realm's system password or the realmd token.
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect } from "@nats-io/transport-node";
import { PermissionDeniedError, createSession, type Session, type StoredEvent } from "@em/client";
import {
  API_ROUTES,
  AppCredentialChangeSchema,
  AppCredentialListSchema,
  AppCredentialSecretSchema,
  REALMD_PATHS,
  RealmCredentialsSchema,
  apiPath,
  type AppCredentialSecret,
  type RealmCredentials,
} from "@em/contracts";
import { eventually, type HttpSession } from "@em/testkit";
import { startLocalStack, type LocalStack } from "../support/local-stack.js";
import { formCluster, ok, storeApi } from "../support/cluster-stores.js";

const REALMS = ["realm1", "realm2", "realm3"];
const CLUSTER = "apps";
const CREDENTIAL = "sales-app";

describe("application credentials on a cluster", () => {
  let stack: LocalStack;
  let admin: HttpSession;
  /** nsp:// RNAME of each realm. */
  const rnames = new Map<string, string>();
  const realmCredentials = new Map<string, RealmCredentials>();
  let created: AppCredentialSecret;
  const sessions: Session[] = [];

  /** Connects to one realm as `user` without the SDK: resolves on success, rejects when refused. */
  async function connectAs(realm: string, user: string, pass: string): Promise<void> {
    const nc = await connect({
      servers: (rnames.get(realm) ?? "").replace("nsp://", ""),
      user,
      pass,
      reconnect: false,
      timeout: 5_000,
    });
    await nc.close();
  }

  async function refusedEverywhere(user: string, pass: string): Promise<void> {
    for (const realm of REALMS)
      await expect(connectAs(realm, user, pass), `${user} on ${realm}`).rejects.toThrow(
        /authorization/i,
      );
  }

  async function session(pass: string): Promise<Session> {
    const created = await createSession({
      rnames: REALMS.map((realm) => rnames.get(realm) ?? ""),
      name: "app-credentials-test",
      credentials: { user: CREDENTIAL, pass },
    });
    sessions.push(created);
    return created;
  }

  beforeAll(async () => {
    stack = await startLocalStack({ realms: REALMS.length, clusterPorts: true });
    admin = await stack.adminApi.adminSession();
    await formCluster(admin, CLUSTER, REALMS);
    const channels = storeApi(admin, "cluster", CLUSTER, "channel");
    const queues = storeApi(admin, "cluster", CLUSTER, "queue");
    ok(await channels.create({ name: "/sales", type: "persistent" }), "create /sales");
    ok(await channels.create({ name: "/orders", type: "persistent" }), "create /orders");
    ok(await queues.create({ name: "/jobs", type: "persistent" }), "create /jobs");
    ok(await queues.publish("/jobs", { data: "job 1" }), "push to /jobs");
    for (const name of REALMS) {
      const hosted = await stack.host.hostedRealm(name);
      rnames.set(name, `nsp://127.0.0.1:${hosted.ports.nsp}`);
      realmCredentials.set(
        name,
        RealmCredentialsSchema.parse(
          await (
            await stack.host.realmd.request("GET", REALMD_PATHS.realmCredentials(name))
          ).json(),
        ),
      );
    }
  });

  afterAll(async () => {
    for (const open of sessions) await open.close().catch(() => undefined);
    await stack?.[Symbol.asyncDispose]();
  });

  it("creates a credential on every member and answers its password once", async () => {
    const response = await admin.post(API_ROUTES.createAppCredential.path, {
      name: CREDENTIAL,
      permissions: { publishChannels: ["/sales"], subscribeChannels: ["/sales"] },
    });
    expect(response.status, await response.clone().text()).toBe(201);
    created = AppCredentialSecretSchema.parse(await response.json());
    expect(created.password).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(created.sync.pendingHosts).toEqual([]);
    for (const realm of REALMS) await connectAs(realm, CREDENTIAL, created.password);

    const listText = await (await admin.get(API_ROUTES.listAppCredentials.path)).text();
    const list = AppCredentialListSchema.parse(JSON.parse(listText));
    expect(list.credentials.map(({ name }) => name)).toEqual([CREDENTIAL]);
    expect(listText).not.toContain(created.password);
    expect(listText).not.toContain("$2");

    const again = await admin.post(API_ROUTES.createAppCredential.path, { name: CREDENTIAL });
    expect(again.status).toBe(409);
    const reserved = await admin.post(API_ROUTES.createAppCredential.path, { name: "admin" });
    expect(reserved.status).toBe(400);
    const badGrant = await admin.post(API_ROUTES.createAppCredential.path, {
      name: "bad",
      permissions: { publishChannels: ["sales//x"] },
    });
    expect(badGrant.status).toBe(400);
    expect(await badGrant.text()).toMatch(/publishChannels/);
  });

  it("lets an SDK session publish to and subscribe to /sales, and refuses /orders at once", async () => {
    const app = await session(created.password);
    const published = await app.publish("/sales", "sale 1");
    expect(published.eid).toBe(1);
    const received: StoredEvent[] = [];
    const subscription = await app.subscribe("/sales", (event) => void received.push(event), {
      fromEid: 1,
    });
    await app.publish("/sales", "sale 2");
    await eventually("both sales events received", () => Promise.resolve(received.length >= 2));
    expect(received.map((event) => event.text())).toEqual(["sale 1", "sale 2"]);
    await subscription.stop();

    // Refused, not retried until the 30 s publish timeout: the error names the channel.
    const refused = await app.publish("/orders", "order 1").catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(PermissionDeniedError);
    expect((refused as PermissionDeniedError).store).toBe("/orders");
    expect((refused as Error).message).toMatch(/may not publish to '\/orders'/);
    await expect(app.subscribe("/orders", () => undefined)).rejects.toBeInstanceOf(
      PermissionDeniedError,
    );
    await expect(app.pop("/jobs")).rejects.toBeInstanceOf(PermissionDeniedError);
    // Replies to other connections are not its to read: only its own inboxes.
    const raw = await connect({
      servers: (rnames.get("realm1") ?? "").replace("nsp://", ""),
      user: CREDENTIAL,
      pass: created.password,
      reconnect: false,
    });
    try {
      const snoop = raw.subscribe("_INBOX.>");
      const closedWith = await Promise.race([
        snoop.closed,
        new Promise((resolve) => setTimeout(() => resolve("still open"), 5_000)),
      ]);
      expect(String(closedWith)).toMatch(/permissions violation/i);
    } finally {
      await raw.close();
    }
    // Nothing reached /orders.
    const orders = ok(
      await storeApi(admin, "cluster", CLUSTER, "channel").get("/orders"),
      "/orders",
    );
    expect(orders.lastEid).toBe(0);
  });

  it("reads a backlog (ordered consumer) and a durable subscription with its grants alone", async () => {
    const [app] = sessions;
    if (!app) throw new Error("no session from the previous test");
    const publisher = app.publisher("/sales");
    for (let n = 3; n <= 600; n++) await publisher.publish(`sale ${n}`);
    await publisher.flush();
    const backlog: number[] = [];
    const plain = await app.subscribe("/sales", (event) => void backlog.push(event.eid), {
      fromEid: 1,
    });
    const durable: number[] = [];
    const named = await app.subscribe("/sales", (event) => void durable.push(event.eid), {
      durable: "sales-reader",
      fromEid: 1,
    });
    await eventually(
      "600 events through both subscriptions",
      () => Promise.resolve(backlog.length >= 600 && durable.length >= 600),
      60_000,
    );
    await plain.stop();
    await named.stop();
    expect(backlog).toEqual(Array.from({ length: 600 }, (_, i) => i + 1));
    expect(durable).toEqual(Array.from({ length: 600 }, (_, i) => i + 1));
    // Whatever the SDK needed for /sales was granted: no realm logged a refusal about it,
    // while the refusals of /orders (the previous test) are there to be found.
    let ordersRefusals = 0;
    for (const realm of REALMS) {
      const log = await readFile(
        `${(await stack.host.hostedRealm(realm)).dataDir}/nats.log`,
        "utf8",
      );
      const refused = log
        .split("\n")
        .filter((line) => /Violation/.test(line) && /~sales/.test(line));
      expect(refused, realm).toEqual([]);
      ordersRefusals += log
        .split("\n")
        .filter((line) => /Violation.*um\.~orders/.test(line)).length;
    }
    expect(ordersRefusals).toBeGreaterThan(0);
  });

  it("applies a permission change to the connected session by reload", async () => {
    const response = await admin.request(
      "PATCH",
      apiPath(API_ROUTES.updateAppCredential.path, { name: CREDENTIAL }),
      {
        permissions: {
          publishChannels: ["/sales"],
          subscribeChannels: ["/sales"],
          consumeQueues: ["/jobs"],
        },
      },
    );
    expect(response.status, await response.clone().text()).toBe(200);
    const change = AppCredentialChangeSchema.parse(await response.json());
    expect(change.sync.pendingHosts).toEqual([]);
    expect(change.credential.permissions.consumeQueues).toEqual(["/jobs"]);
    const [app] = sessions;
    const job = await app?.pop("/jobs", { timeoutMs: 5_000 });
    expect(job?.text()).toBe("job 1");
    // Consuming is not pushing.
    await expect(app?.push("/jobs", "job 2")).rejects.toBeInstanceOf(PermissionDeniedError);
  });

  it("names a paused member pending and gives it the change once it runs again", async () => {
    const pause = await admin.post(
      apiPath(API_ROUTES.realmAction.path, { name: "realm3", action: "pause" }),
    );
    expect(pause.status, await pause.clone().text()).toBe(200);
    try {
      const response = await admin.post(
        apiPath(API_ROUTES.rotateAppCredential.path, { name: CREDENTIAL }),
      );
      expect(response.status, await response.clone().text()).toBe(200);
      const rotated = AppCredentialSecretSchema.parse(await response.json());
      expect(rotated.password).not.toBe(created.password);
      expect(rotated.sync.pendingHosts).toHaveLength(1);
      expect(rotated.sync.pendingHosts[0]?.problem).toMatch(/realm3: the realm is paused/);
      // The running members took the new password and refuse the old one.
      for (const realm of ["realm1", "realm2"]) {
        await connectAs(realm, CREDENTIAL, rotated.password);
        await expect(connectAs(realm, CREDENTIAL, created.password)).rejects.toThrow(
          /authorization/i,
        );
      }
      created = rotated;
    } finally {
      const resume = await admin.post(
        apiPath(API_ROUTES.realmAction.path, { name: "realm3", action: "resume" }),
      );
      expect(resume.status, await resume.clone().text()).toBe(200);
    }
    // The admin API sends the list again until realm3 has taken it.
    await eventually(
      "realm3 took the rotated password",
      async () => {
        const list = AppCredentialListSchema.parse(
          await (await admin.get(API_ROUTES.listAppCredentials.path)).json(),
        );
        return list.sync.pendingHosts.length === 0;
      },
      30_000,
    );
    await connectAs("realm3", CREDENTIAL, created.password);
  });

  it("deletes the credential from every member", async () => {
    const response = await admin.delete(
      apiPath(API_ROUTES.deleteAppCredential.path, { name: CREDENTIAL }),
    );
    expect(response.status).toBe(204);
    await refusedEverywhere(CREDENTIAL, created.password);
    const missing = await admin.delete(
      apiPath(API_ROUTES.deleteAppCredential.path, { name: CREDENTIAL }),
    );
    expect(missing.status).toBe(404);
  });

  it("never answers a realm's system password or the realmd token", async () => {
    const secrets = [
      stack.host.token,
      ...[...realmCredentials.values()].flatMap((credentials) => [
        credentials.system.password,
        credentials.app.password,
      ]),
    ];
    const paths = [
      API_ROUTES.listHosts.path,
      API_ROUTES.listRealms.path,
      apiPath(API_ROUTES.getRealm.path, { name: "realm1" }),
      API_ROUTES.listClusters.path,
      apiPath(API_ROUTES.getCluster.path, { name: CLUSTER }),
      API_ROUTES.listAppCredentials.path,
      API_ROUTES.openapi.path,
    ];
    for (const path of paths) {
      const text = await (await admin.get(path)).text();
      for (const secret of secrets) expect(text.includes(secret), path).toBe(false);
    }
  });
});
