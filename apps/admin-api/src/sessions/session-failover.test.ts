// Client sessions against a real three-realm cluster (issue 6): an SDK session bounced off its
// realm and then losing its realm to SIGKILL shows both failovers, with stalls and resume EIDs,
// in its timeline and on the live feed; roles and bad input are refused with what to fix.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { io, type Socket } from "socket.io-client";
import { createSession, type Rname, type Session } from "@em/client";
import {
  BouncedSchema,
  LIVE_NAMESPACE,
  REALMD_PATHS,
  RealmConnectionListSchema,
  RealmCredentialsSchema,
  SessionDetailSchema,
  SessionListSchema,
  type ClientToServerEvents,
  type RealmCredentials,
  type ServerToClientEvents,
  type SessionDetail,
  type SessionFailoverEvent,
} from "@em/contracts";
import { eventually, type HttpSession } from "@em/testkit";
import { openDatabase } from "../database.js";
import { hashPassword } from "../password.js";
import {
  CLUSTER_REALMS,
  expectError,
  expectOk,
  startStoreTestStack,
  type StoreTestStack,
} from "../testing/store-test-stack.js";
import { UserStore } from "../user-store.js";

const SESSION = "watch-subscriber";
const CHANNEL = "/watch";
const EVENTS = 5;

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

describe("client sessions on a cluster", () => {
  let stack: StoreTestStack;
  let admin: HttpSession;
  let viewer: HttpSession;
  let socket: LiveSocket;
  let session: Session | undefined;
  const access = new Map<string, { rname: string; app: RealmCredentials["app"] }>();
  const pushedFailovers: SessionFailoverEvent[] = [];
  const received: number[] = [];

  const detail = async (name: string): Promise<SessionDetail> =>
    SessionDetailSchema.parse(
      await expectOk(await admin.get(`/api/sessions/${encodeURIComponent(name)}`)),
    );

  beforeAll(async () => {
    stack = await startStoreTestStack("sessions");
    admin = stack.admin;
    const db = openDatabase(stack.api.dataDir);
    new UserStore(db).create({
      username: "vera",
      role: "viewer",
      passwordHash: await hashPassword("viewer-pw-1"),
    });
    db.close();
    viewer = stack.api.session();
    expect((await viewer.login("vera", "viewer-pw-1")).status).toBe(200);
    for (const name of CLUSTER_REALMS) {
      const hosted = await stack.realmd.hostedRealm(name);
      const credentials = RealmCredentialsSchema.parse(
        await (
          await stack.realmd.realmd.request("GET", REALMD_PATHS.realmCredentials(name))
        ).json(),
      );
      access.set(name, { rname: `nsp://127.0.0.1:${hosted.ports.nsp}`, app: credentials.app });
    }
    await expectOk(
      await admin.post("/api/clusters/demo/channels", { name: CHANNEL, type: "persistent" }),
      201,
    );
    socket = io(`${stack.api.url}${LIVE_NAMESPACE}`, {
      extraHeaders: { cookie: admin.cookie ?? "" },
      reconnection: false,
      timeout: 5000,
    });
    socket.on("session:failover", (event) => pushedFailovers.push(event));
    expect(await socket.timeout(5000).emitWithAck("subscribe", "sessions")).toEqual({ ok: true });
  });

  afterAll(async () => {
    socket?.disconnect();
    await session?.close();
    await stack?.close();
  });

  it("session - an SDK session appears on its realm with its protocol", async () => {
    const credentials = (rname: Rname) => {
      const realm = [...access.values()].find((candidate) => candidate.rname === rname.text);
      return realm && { user: realm.app.user, pass: realm.app.password };
    };
    session = await createSession({
      rnames: CLUSTER_REALMS.map((name) => access.get(name)?.rname ?? ""),
      name: SESSION,
      credentials,
    });
    for (let n = 1; n <= EVENTS; n++) await session.publish(CHANNEL, `event ${n}`);
    await session.subscribe(CHANNEL, (event) => void received.push(event.eid), { fromEid: 1 });
    await eventually("the events read", () => Promise.resolve(received.length >= EVENTS));
    const shown = await eventually("the session shown on realm1", async () => {
      const { session: current } = await detail(SESSION);
      return current.realm === "realm1" && current.sdk ? current : undefined;
    });
    expect(shown).toMatchObject({ state: "connected", protocol: "nsp", failovers: 0 });
    const list = SessionListSchema.parse(
      await expectOk(await viewer.get("/api/sessions?realm=realm1")),
    );
    expect(list.sessions.map((s) => s.name)).toContain(SESSION);
  });

  it("bounce - moves the session to the next realm of its list and its timeline shows it", async () => {
    const connections = RealmConnectionListSchema.parse(
      await expectOk(await viewer.get("/api/realms/realm1/connections")),
    );
    const mine = connections.connections.find((c) => c.name === SESSION);
    expect(mine).toMatchObject({ protocol: "nsp", lang: "nats.js" });
    expect(connections.connections.some((c) => c.name?.startsWith("em-admin-api"))).toBe(false);
    const cid = mine?.cid ?? -1;

    await expectError(
      await viewer.post(`/api/realms/realm1/connections/${cid}/bounce`),
      403,
      "FORBIDDEN",
    );
    const bounced = BouncedSchema.parse(
      await expectOk(await admin.post(`/api/realms/realm1/connections/${cid}/bounce`)),
    );
    expect(bounced).toEqual({ realm: "realm1", cid, name: SESSION });

    const moved = await eventually("the bounce in the session's timeline", async () => {
      const current = await detail(SESSION);
      const failover = current.timeline.find((e) => e.type === "failover");
      return failover && current.session.realm === "realm2" ? current : undefined;
    });
    expect(moved.session).toMatchObject({
      state: "connected",
      failovers: 1,
      lost: 0,
      duplicated: 0,
    });
    expect(moved.timeline).toContainEqual(
      expect.objectContaining({
        type: "disconnected",
        source: "realm",
        realm: "realm1",
        reason: "Kicked",
      }),
    );
    expect(moved.timeline).toContainEqual(
      expect.objectContaining({
        type: "failover",
        source: "sdk",
        fromRealm: "realm1",
        toRealm: "realm2",
      }),
    );
    expect(moved.timeline).toContainEqual(
      expect.objectContaining({ type: "connected", source: "realm", realm: "realm2" }),
    );
    await expectError(
      await admin.post(`/api/realms/realm1/connections/${cid}/bounce`),
      404,
      "NOT_FOUND",
    );
  });

  it("failover - a killed realm's session fails over and its timeline shows the stall and resume EID", async () => {
    await expectOk(await admin.post("/api/realms/realm2/actions/kill"));
    const failedOver = await eventually(
      "the failover off realm2 in the session's timeline",
      async () => {
        const current = await detail(SESSION);
        const failover = current.timeline.find(
          (e) => e.type === "failover" && e.fromRealm === "realm2",
        );
        return failover ? { current, failover } : undefined;
      },
      30_000,
    );
    expect(failedOver.failover).toMatchObject({
      source: "sdk",
      toRealm: "realm3",
      resumeEids: { [CHANNEL]: EVENTS + 1 },
      lost: 0,
      duplicated: 0,
    });
    expect(failedOver.failover.stallMs).toEqual(expect.any(Number));
    expect(failedOver.current.session).toMatchObject({ realm: "realm3", failovers: 2 });
    // realm2 sent no disconnect advisory (it was SIGKILLed): its connection is closed by the feed.
    expect(failedOver.current.timeline).toContainEqual(
      expect.objectContaining({ type: "disconnected", source: "realm", realm: "realm2" }),
    );
    await eventually("both failovers pushed", () =>
      Promise.resolve(pushedFailovers.filter((e) => e.session === SESSION).length === 2),
    );
    expect(pushedFailovers.at(-1)).toMatchObject({
      session: SESSION,
      from: "realm2",
      to: "realm3",
    });
    console.log(
      `failover off killed realm2: stall ${failedOver.failover.stallMs} ms; bounce stall ${
        pushedFailovers[0]?.stallMs
      } ms`,
    );
  });

  it("realm back - a killed realm refuses connection calls, and is followed again once it is back", async () => {
    await eventually("realm2 shown offline", async () => {
      const response = await admin.get("/api/realms/realm2");
      return ((await response.json()) as { status: string }).status === "offline";
    });
    const offline = await expectError(
      await admin.post("/api/realms/realm2/connections/1/bounce"),
      409,
      "INVALID_STATE",
    );
    expect(offline.message).toContain("realm2");
    await expectOk(await admin.post("/api/realms/realm2/actions/start"));
    await eventually(
      "realm2's connections listed again",
      async () => (await admin.get("/api/realms/realm2/connections")).status === 200,
      30_000,
    );
  });

  it("bad input - each refusal names what to fix", async () => {
    const unknown = await expectError(
      await viewer.get("/api/sessions/nobody-here"),
      404,
      "NOT_FOUND",
    );
    expect(unknown.message).toContain("nobody-here");
    await expectError(await viewer.get("/api/sessions?limit=0"), 400, "VALIDATION");
    await expectError(
      await admin.post("/api/realms/realm1/connections/abc/bounce"),
      400,
      "VALIDATION",
    );
    const noRealm = await expectError(
      await viewer.get("/api/realms/atlantis/connections"),
      404,
      "NOT_FOUND",
    );
    expect(noRealm.message).toContain("atlantis");
  });
});
