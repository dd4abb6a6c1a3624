import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { io, type Socket } from "socket.io-client";
import { jetstream } from "@nats-io/jetstream";
import {
  ApiErrorBodySchema,
  ClusterDetailSchema,
  ClusterListSchema,
  LIVE_NAMESPACE,
  OperationAcceptedSchema,
  OperationSchema,
  PreflightSchema,
  RealmSummarySchema,
  SubscribeAckSchema,
  type ClientToServerEvents,
  type ClusterDetail,
  type MasterChangedEvent,
  type Operation,
  type QuorumReachedEvent,
  type ServerToClientEvents,
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
import { onRealm } from "./testing/on-realm.js";
import { startTestAdminApi, type TestAdminApi } from "./testing/test-admin-api.js";

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const REALMS = ["realm1", "realm2", "realm3"];

describe("clusters through the admin API, against a real realmd and real realms", () => {
  let dir: TempDir;
  let realmd: RealmHost;
  let api: TestAdminApi;
  let admin: HttpSession;
  let socket: LiveSocket;
  const masterChanges: MasterChangedEvent[] = [];
  const progress: Operation[] = [];
  const quorumReached: QuorumReachedEvent[] = [];
  const membersAdded: string[] = [];

  async function expectError(response: Response, status: number, code: string) {
    expect(response.status).toBe(status);
    const body = ApiErrorBodySchema.parse(await response.json());
    expect(body.error.code).toBe(code);
    return body.error;
  }

  async function cluster(name: string): Promise<ClusterDetail> {
    const response = await admin.get(`/api/clusters/${name}`);
    expect(response.status).toBe(200);
    return ClusterDetailSchema.parse(await response.json());
  }

  async function finished(operation: Operation, timeoutMs = 60_000): Promise<Operation> {
    return eventually(
      `operation ${operation.kind}`,
      async () => {
        const current = OperationSchema.parse(
          await (await admin.get(`/api/operations/${operation.id}`)).json(),
        );
        return current.status === "running" ? null : current;
      },
      timeoutMs,
    );
  }

  const allOnline = () =>
    eventually("every realm online", async () => {
      for (const name of [...REALMS, "realm4"]) {
        const realm = RealmSummarySchema.parse(
          await (await admin.get(`/api/realms/${name}`)).json(),
        );
        if (realm.status !== "online" || realm.stale) return false;
      }
      return true;
    });

  beforeAll(async () => {
    dir = await tempDir("clusters");
    realmd = await startRealmHost(`${dir.path}/realmd`);
    const ports = await freePorts(4);
    for (const [index, name] of [...REALMS, "realm4"].entries())
      await realmd.createRealm(name, { clusterPort: ports[index] as number });
    api = await startTestAdminApi({
      dataDir: `${dir.path}/admin-api`,
      env: { EM_REGISTER_HOST_URL: realmd.url, EM_REGISTER_HOST_TOKEN: realmd.token },
    });
    admin = await api.adminSession();
    await allOnline();
    socket = io(`${api.url}${LIVE_NAMESPACE}`, {
      extraHeaders: { cookie: admin.cookie ?? "" },
      reconnection: false,
    });
    socket.on("cluster:masterChanged", (event) => masterChanges.push(event));
    socket.on("operation:progress", (event) => progress.push(event));
    socket.on("cluster:quorumReached", (event) => quorumReached.push(event));
    socket.on("cluster:memberAdded", (event) => membersAdded.push(event.realm));
    const ack: unknown = await socket.timeout(5000).emitWithAck("subscribe", "clusters");
    expect(SubscribeAckSchema.parse(ack)).toEqual({ ok: true });
  });

  afterAll(async () => {
    socket?.disconnect();
    await api?.close();
    await realmd?.stop();
    await dir?.[Symbol.asyncDispose]();
  });

  it("bad input - 1 realm, duplicates, a bad name: 400 naming what to fix", async () => {
    const one = await expectError(
      await admin.post("/api/clusters", { name: "demo", realms: ["realm1"] }),
      400,
      "VALIDATION",
    );
    expect(one.message).toMatch(/at least 2 realms/);
    const twice = await expectError(
      await admin.post("/api/clusters", { name: "demo", realms: ["realm1", "realm1"] }),
      400,
      "VALIDATION",
    );
    expect(twice.message).toMatch(/each realm may appear once/);
    const badName = await expectError(
      await admin.post("/api/clusters", { name: "1 bad!", realms: REALMS }),
      400,
      "VALIDATION",
    );
    expect(badName.message).toMatch(/cluster name starts with a letter/);
  });

  it("bad input - unknown realms: 409 PREFLIGHT_FAILED naming them, nothing recorded", async () => {
    const error = await expectError(
      await admin.post("/api/clusters", { name: "demo", realms: ["realm1", "ghost", "phantom"] }),
      409,
      "PREFLIGHT_FAILED",
    );
    expect(error.message).toMatch(/"ghost", "phantom"/);
    expect(PreflightSchema.parse(error.details?.["preflight"]).ok).toBe(false);
    const list = ClusterListSchema.parse(await (await admin.get("/api/clusters")).json());
    expect(list.clusters).toEqual([]);
  });

  it("an unknown cluster is a 404", async () => {
    await expectError(await admin.get("/api/clusters/nope"), 404, "NOT_FOUND");
    await expectError(await admin.delete("/api/clusters/nope"), 404, "NOT_FOUND");
    await expectError(await admin.get("/api/operations/nope"), 404, "NOT_FOUND");
  });

  it("dryRun - three online standalone realms pass with no errors and change nothing", async () => {
    const response = await admin.post("/api/clusters?dryRun=true", {
      name: "demo",
      realms: REALMS,
    });
    expect(response.status).toBe(200);
    const preflight = PreflightSchema.parse(await response.json());
    expect(preflight.ok).toBe(true);
    expect(preflight.checks.filter((c) => c.level === "error")).toEqual([]);
    await expectError(await admin.get("/api/clusters/demo"), 404, "NOT_FOUND");
  });

  it("creates cluster demo of three: one master, quorum 3/3, healthy", async () => {
    const started = performance.now();
    const response = await admin.post("/api/clusters", { name: "demo", realms: REALMS });
    expect(response.status).toBe(202);
    const { operation } = OperationAcceptedSchema.parse(await response.json());
    expect(operation).toMatchObject({ kind: "create-cluster", cluster: "demo", status: "running" });
    const done = await finished(operation);
    expect(done.steps.map((s) => [s.name, s.status])).toEqual([
      ["configure routes and restart realm1", "done"],
      ["configure routes and restart realm2", "done"],
      ["configure routes and restart realm3", "done"],
      ["wait for a master and all 3 members", "done"],
    ]);
    expect(done.status).toBe("succeeded");
    const state = await eventually("demo healthy in GET", async () => {
      const current = await cluster("demo");
      return current.status === "healthy" ? current : null;
    });
    const elapsedMs = Math.round(performance.now() - started);
    console.log(
      `cluster demo of 3: POST to healthy with quorum 3/3 in ${elapsedMs} ms (${done.steps[3]?.message})`,
    );
    const reached = await eventually("cluster:quorumReached", () =>
      Promise.resolve(quorumReached.find((e) => e.cluster === "demo")),
    );
    expect(reached.master).toBe(state.master);
    expect(masterChanges.at(-1)).toMatchObject({ cluster: "demo", from: null, to: state.master });
    expect(membersAdded.sort()).toEqual(REALMS);
    expect(state.members.map((m) => m.realm)).toEqual(REALMS);
    expect(state.members.filter((m) => m.state === "master")).toHaveLength(1);
    expect(state.members.filter((m) => m.state === "member")).toHaveLength(2);
    expect(state.quorum).toEqual({ online: 3, total: 3, needed: 2, held: true });
    expect(state.whatIf.every((w) => w.keepsQuorum)).toBe(true);
    expect(state.lastOperationId).toBe(operation.id);
    expect(progress.filter((p) => p.id === operation.id).at(-1)?.status).toBe("succeeded");
    for (const name of REALMS) expect((await realmd.hostedRealm(name)).cluster?.name).toBe("demo");
  });

  it("bad input - a realm in another cluster: 409 naming the realm and its cluster", async () => {
    const error = await expectError(
      await admin.post("/api/clusters", { name: "other", realms: ["realm1", "realm4"] }),
      409,
      "PREFLIGHT_FAILED",
    );
    expect(error.message).toMatch(/"realm1" is already in cluster "demo"/);
    await expectError(
      await admin.post("/api/clusters", { name: "demo", realms: ["realm4", "realm1"] }),
      409,
      "PREFLIGHT_FAILED",
    );
  });

  it("a SIGKILLed master is replaced: another master, quorum 2/3, cluster:masterChanged pushed", async () => {
    const before = await cluster("demo");
    const master = before.master as string;
    masterChanges.length = 0;
    const killedAt = performance.now();
    const kill = await admin.post(`/api/realms/${master}/actions/kill`);
    expect(kill.status).toBe(200);
    const after = await eventually(
      "another master",
      async () => {
        const current = await cluster("demo");
        return current.master && current.master !== master && current.quorum.online === 2
          ? current
          : null;
      },
      20_000,
    );
    const electedMs = Math.round(performance.now() - killedAt);
    const event = await eventually("cluster:masterChanged", () =>
      Promise.resolve(masterChanges.find((e) => e.to !== null && e.to !== master)),
    );
    const eventMs = Math.round(performance.now() - killedAt);
    console.log(
      `master ${master} SIGKILLed: GET shows ${after.master} after ${electedMs} ms, event after ${eventMs} ms`,
    );
    expect(event).toMatchObject({ cluster: "demo", from: master });
    expect(after.quorum).toEqual({ online: 2, total: 3, needed: 2, held: true });
    expect(after.status).toBe("degraded");
    expect(after.members.find((m) => m.realm === master)?.state).toBe("offline");
    expect(after.whatIf.filter((w) => w.realm !== master).every((w) => !w.keepsQuorum)).toBe(true);

    expect((await admin.post(`/api/realms/${master}/actions/start`)).status).toBe(200);
    await eventually(
      "demo healthy again",
      async () => (await cluster("demo")).status === "healthy",
      30_000,
    );
  });

  it("two of three killed: cluster:quorumLost; both back: cluster:quorumReached with a master", async () => {
    const events: string[] = [];
    const record = (name: string) => () => events.push(name);
    socket.on("cluster:quorumLost", record("quorumLost"));
    socket.on("cluster:quorumReached", record("quorumReached"));
    try {
      for (const name of ["realm1", "realm2"])
        expect((await admin.post(`/api/realms/${name}/actions/kill`)).status).toBe(200);
      await eventually("cluster:quorumLost", () => Promise.resolve(events.includes("quorumLost")));
      const lost = await cluster("demo");
      expect(lost).toMatchObject({ status: "no-quorum", master: null });
      expect(lost.quorum).toEqual({ online: 1, total: 3, needed: 2, held: false });
      for (const name of ["realm1", "realm2"])
        expect((await admin.post(`/api/realms/${name}/actions/start`)).status).toBe(200);
      await eventually(
        "cluster:quorumReached",
        () => Promise.resolve(events.includes("quorumReached")),
        20_000,
      );
      expect(events).toEqual(["quorumLost", "quorumReached"]);
      await eventually(
        "demo healthy again",
        async () => (await cluster("demo")).status === "healthy",
        20_000,
      );
    } finally {
      socket.off("cluster:quorumLost");
      socket.off("cluster:quorumReached");
      socket.on("cluster:quorumReached", (event) => quorumReached.push(event));
    }
  });

  it("membership changes are refused while a member is down", async () => {
    expect((await admin.post("/api/realms/realm3/actions/stop")).status).toBe(200);
    await eventually("realm3 offline in demo", async () =>
      (await cluster("demo")).members.some((m) => m.realm === "realm3" && m.state === "offline"),
    );
    const error = await expectError(
      await admin.post("/api/clusters/demo/members", { realm: "realm4" }),
      409,
      "INVALID_STATE",
    );
    expect(error.message).toMatch(/"realm3"/);
    expect((await admin.post("/api/realms/realm3/actions/start")).status).toBe(200);
    await eventually(
      "demo healthy again",
      async () => (await cluster("demo")).status === "healthy",
      30_000,
    );
  });

  it("adds realm4 (restarting only it), removes it, adds it back, then evicts it once it is down", async () => {
    const accepted = async (response: Response) => {
      expect(response.status, response.status === 202 ? "" : await response.clone().text()).toBe(
        202,
      );
      return finished(OperationAcceptedSchema.parse(await response.json()).operation);
    };
    const add = await accepted(await admin.post("/api/clusters/demo/members", { realm: "realm4" }));
    console.log(`add realm4: ${add.steps.map((step) => step.message).join(" | ")}`);
    expect(add.status, JSON.stringify(add.steps)).toBe("succeeded");
    expect(add.steps[0]?.message).toMatch(/restarted realm4/);
    expect(add.steps.slice(1, 4).every((s) => /reloaded/.test(s.message ?? ""))).toBe(true);
    let lastSeen = "";
    const four = await eventually("demo healthy with 4", async () => {
      const current = await cluster("demo");
      lastSeen = JSON.stringify({ status: current.status, members: current.members });
      return current.status === "healthy" && current.members.length === 4 ? current : null;
    }).catch((error: unknown) => {
      throw new Error(
        `${String(error)}; the add's steps: ${JSON.stringify(add.steps)}; last state: ${lastSeen}`,
        { cause: error },
      );
    });
    expect(four.quorum).toEqual({ online: 4, total: 4, needed: 3, held: true });

    // A store replicated on all four, and one pinned to realm4 alone.
    await onRealm(realmd, "realm1", async (jsm, nc) => {
      await jsm.streams.add({ name: "EVERYWHERE", subjects: ["everywhere"], num_replicas: 4 });
      await jsm.streams.add({
        name: "ON_REALM4",
        subjects: ["on-realm4"],
        num_replicas: 1,
        placement: { cluster: "demo", tags: ["realm:realm4"] },
      });
      const js = jetstream(nc);
      for (const n of [1, 2, 3]) await js.publish("everywhere", `e${n}`);
      for (const n of [1, 2]) await js.publish("on-realm4", `r${n}`);
    });

    const remove = await accepted(await admin.delete("/api/clusters/demo/members/realm4"));
    expect(remove.status, JSON.stringify(remove.steps)).toBe("succeeded");
    expect(remove.steps[0]?.message).toMatch(/moved realm4's replicas of EVERYWHERE/);
    expect(remove.steps[2]?.message).toMatch(/ON_REALM4 stay on realm4/);
    expect((await realmd.hostedRealm("realm4")).cluster).toBeNull();
    expect((await cluster("demo")).members.map((m) => m.realm)).toEqual(REALMS);
    // The replicated store lives on the three that stay, every copy current, no event lost.
    const everywhere = await onRealm(realmd, "realm1", (jsm) => jsm.streams.info("EVERYWHERE"));
    expect(everywhere.config.num_replicas).toBe(3);
    expect(everywhere.state.messages).toBe(3);
    const peers = [
      everywhere.cluster?.leader,
      ...(everywhere.cluster?.replicas ?? []).map((r) => r.name),
    ];
    expect(peers.sort()).toEqual(REALMS);
    expect(everywhere.cluster?.replicas?.every((r) => r.current)).toBe(true);
    // The pinned store left with realm4: gone from the cluster, on realm4 with its events.
    await expect(onRealm(realmd, "realm1", (jsm) => jsm.streams.info("ON_REALM4"))).rejects.toThrow(
      /not found/,
    );
    const pinned = await onRealm(realmd, "realm4", (jsm) => jsm.streams.info("ON_REALM4"));
    expect([pinned.state.first_seq, pinned.state.last_seq]).toEqual([1, 2]);

    const again = await accepted(
      await admin.post("/api/clusters/demo/members", { realm: "realm4" }),
    );
    expect(again.status, JSON.stringify(again.steps)).toBe("succeeded");
    // Added back, it brings its realm-local store, kept pinned to it with its events.
    expect(again.steps[1]?.message).toMatch(/kept ON_REALM4 \(2 events, seq 1-2/);
    const adopted = await onRealm(realmd, "realm2", (jsm) => jsm.streams.info("ON_REALM4"));
    expect(adopted.config.placement?.tags).toEqual(["realm:realm4"]);
    expect(adopted.state.messages).toBe(2);
    await expectError(
      await admin.post("/api/clusters/demo/members/realm4/evict"),
      409,
      "INVALID_STATE",
    );
    expect((await admin.post("/api/realms/realm4/actions/stop")).status).toBe(200);
    await eventually("realm4 offline in demo", async () =>
      (await cluster("demo")).members.some((m) => m.realm === "realm4" && m.state === "offline"),
    );
    const evict = await accepted(await admin.post("/api/clusters/demo/members/realm4/evict"));
    expect(evict.status, JSON.stringify(evict.steps)).toBe("succeeded");
    expect(evict.steps[2]?.message).toMatch(/ON_REALM4 stay on realm4/);
    expect((await realmd.hostedRealm("realm4")).cluster).toBeNull();
    expect((await admin.post("/api/realms/realm4/actions/start")).status).toBe(200);
    await eventually("realm4's store back with it, standalone", async () => {
      const info = await onRealm(realmd, "realm4", (jsm) => jsm.streams.info("ON_REALM4")).catch(
        () => null,
      );
      return info?.state.messages === 2;
    });
    const three = await eventually("demo healthy with 3", async () => {
      const current = await cluster("demo");
      return current.status === "healthy" && current.members.length === 3 ? current : null;
    });
    // realm4 is evicted from our record, but the engine's meta group still holds it as a peer
    // (it is not removed from the group yet): the quorum shown is the one the engine enforces.
    expect(three.quorum).toEqual({ online: 3, total: 4, needed: 3, held: true });
  });

  it("deletes the cluster: every member standalone and online again, each store kept on one", async () => {
    const response = await admin.delete("/api/clusters/demo");
    expect(response.status).toBe(202);
    const { operation } = OperationAcceptedSchema.parse(await response.json());
    const done = await finished(operation);
    expect(done.status, JSON.stringify(done.steps)).toBe("succeeded");
    expect(done.steps.every((s) => s.status === "done")).toBe(true);
    expect(done.steps[0]?.message).toMatch(/EVERYWHERE → realm\d/);
    await expectError(await admin.get("/api/clusters/demo"), 404, "NOT_FOUND");
    for (const name of REALMS) expect((await realmd.hostedRealm(name)).cluster).toBeNull();
    await allOnline();
    // The replicated store lives on, with every event, on the one realm that led it.
    const holders: string[] = [];
    for (const name of REALMS) {
      const info = await onRealm(realmd, name, (jsm) => jsm.streams.info("EVERYWHERE")).catch(
        () => null,
      );
      if (info) {
        expect([info.state.messages, info.config.num_replicas]).toEqual([3, 1]);
        holders.push(name);
      }
    }
    expect(holders).toHaveLength(1);
    await eventually("realms report standalone JetStream", async () => {
      const dry = PreflightSchema.parse(
        await (
          await admin.post("/api/clusters?dryRun=true", { name: "again", realms: REALMS })
        ).json(),
      );
      return dry.ok;
    });
  });
});
