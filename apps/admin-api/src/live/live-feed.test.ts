import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { io, type Socket } from "socket.io-client";
import {
  LIVE_NAMESPACE,
  RealmStateEventSchema,
  RealmsSnapshotEventSchema,
  SubscribeAckSchema,
  type ClientToServerEvents,
  type RealmStateEvent,
  type RealmsSnapshotEvent,
  type ServerToClientEvents,
} from "@em/contracts";
import {
  eventually,
  type HttpSession,
  type RealmHost,
  startRealmHost,
  tempDir,
  type TempDir,
} from "@em/testkit";
import { startTestAdminApi, type TestAdminApi } from "../testing/test-admin-api.js";

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const DEV_ORIGIN = "http://localhost:5173";

describe("live feed (socket.io /live)", () => {
  let dir: TempDir;
  let realmd: RealmHost;
  let api: TestAdminApi;
  let admin: HttpSession;
  const sockets: LiveSocket[] = [];

  function connect(headers: Record<string, string> = {}): LiveSocket {
    const socket: LiveSocket = io(`${api.url}${LIVE_NAMESPACE}`, {
      extraHeaders: headers,
      reconnection: false,
      timeout: 5000,
    });
    sockets.push(socket);
    return socket;
  }

  function outcome(
    socket: LiveSocket,
  ): Promise<{ connected: true } | { connected: false; message: string }> {
    return new Promise((resolve) => {
      socket.once("connect", () => resolve({ connected: true }));
      socket.once("connect_error", (error) =>
        resolve({ connected: false, message: error.message }),
      );
    });
  }

  async function subscribed(session: HttpSession): Promise<LiveSocket> {
    const socket = connect({ cookie: session.cookie ?? "" });
    expect(await outcome(socket)).toEqual({ connected: true });
    const ack: unknown = await socket.timeout(5000).emitWithAck("subscribe", "realms");
    expect(SubscribeAckSchema.parse(ack)).toEqual({ ok: true });
    return socket;
  }

  beforeAll(async () => {
    dir = await tempDir("live");
    realmd = await startRealmHost(`${dir.path}/realmd`);
    await realmd.createRealm("live1");
    api = await startTestAdminApi({
      dataDir: `${dir.path}/admin-api`,
      env: {
        EM_REGISTER_HOST_URL: realmd.url,
        EM_REGISTER_HOST_TOKEN: realmd.token,
        EM_ALLOWED_ORIGINS: DEV_ORIGIN,
      },
    });
    admin = await api.adminSession();
    await eventually("live1 online", async () => {
      const response = await admin.get("/api/realms/live1");
      return response.ok && ((await response.json()) as { status: string }).status === "online";
    });
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await api?.close();
    await realmd?.stop();
    await dir?.[Symbol.asyncDispose]();
  });

  it("refuses a handshake without a session cookie", async () => {
    expect(await outcome(connect())).toEqual({ connected: false, message: "UNAUTHENTICATED" });
    expect(await outcome(connect({ cookie: "em_session=forged" }))).toEqual({
      connected: false,
      message: "UNAUTHENTICATED",
    });
  });

  it("refuses a foreign origin even with a valid cookie, and allows the configured dev origin", async () => {
    const cookie = admin.cookie ?? "";
    const foreign = await outcome(connect({ cookie, origin: "http://evil.example" }));
    expect(foreign.connected).toBe(false);
    expect(await outcome(connect({ cookie, origin: DEV_ORIGIN }))).toEqual({ connected: true });
    expect(await outcome(connect({ cookie, origin: api.url }))).toEqual({ connected: true });
  });

  it("subscribe - acks and sends a realms snapshot at once; an unknown topic gets an error ack", async () => {
    const socket = connect({ cookie: admin.cookie ?? "" });
    expect(await outcome(socket)).toEqual({ connected: true });
    const firstSnapshot = new Promise<RealmsSnapshotEvent>((resolve) =>
      socket.once("realms:snapshot", resolve),
    );
    expect(await socket.timeout(5000).emitWithAck("subscribe", "realms")).toEqual({ ok: true });
    const snapshot = RealmsSnapshotEventSchema.parse(await firstSnapshot);
    expect(snapshot.realms.map((realm) => realm.name)).toEqual(["live1"]);

    // The server still parses what a client sends, whatever its types claim.
    const bad: unknown = await socket.timeout(5000).emitWithAck("subscribe", "secrets" as "realms");
    expect(SubscribeAckSchema.parse(bad)).toMatchObject({
      ok: false,
      error: { code: "VALIDATION" },
    });
  });

  it("keeps sending snapshots about once per poll interval to subscribers", async () => {
    const socket = await subscribed(admin);
    let count = 0;
    socket.on("realms:snapshot", () => count++);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(count).toBeGreaterThanOrEqual(2);
  });

  it("pushes realm:state at once when a realm is killed behind realmd's back", async () => {
    const socket = await subscribed(admin);
    const states: RealmStateEvent[] = [];
    socket.on("realm:state", (event) => states.push(RealmStateEventSchema.parse(event)));
    const pid = (await realmd.hostedRealm("live1")).process.pid as number;
    process.kill(pid, "SIGKILL");
    const offline = await eventually("realm:state offline", () =>
      Promise.resolve(states.find((event) => event.name === "live1" && event.status === "offline")),
    );
    expect(offline.previous).toBe("online");
    expect(offline.realm.problem).toMatch(/^killed \(SIGKILL\) at/);

    await admin.post("/api/realms/live1/actions/start");
    await eventually("realm:state online", () =>
      Promise.resolve(states.find((event) => event.name === "live1" && event.status === "online")),
    );
  });

  it("closes a user's live sockets when they log out", async () => {
    const session = await api.adminSession();
    const socket = await subscribed(session);
    const disconnected = new Promise<string>((resolve) => socket.once("disconnect", resolve));
    expect((await session.post("/api/auth/logout")).status).toBe(204);
    expect(await disconnected).toBe("io server disconnect");
  });
});
