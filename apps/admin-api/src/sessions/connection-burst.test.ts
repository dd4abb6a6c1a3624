// 1,000 client connections of one realm dropping at once (issue 6 acceptance, bounded and on
// loopback): every close is stored, and a watching browser gets a few summed bursts, not 1,000
// single events.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { io, type Socket } from "socket.io-client";
import {
  LIVE_NAMESPACE,
  RealmConnectionListSchema,
  RealmCredentialsSchema,
  SessionDetailSchema,
  SessionListSchema,
  type ClientToServerEvents,
  type ConnectionBurstEvent,
  type ServerToClientEvents,
} from "@em/contracts";
import {
  eventually,
  startRealmHost,
  tempDir,
  type HttpSession,
  type RealmHost,
  type TempDir,
} from "@em/testkit";
import { startTestAdminApi, type TestAdminApi } from "../testing/test-admin-api.js";

const REALM = "crowd";
const CLIENTS = 1_000;
/** Connections opened at a time: enough to be quick, few enough for two cores. */
const OPEN_BATCH = 50;

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

describe("connection feed under a crowd", () => {
  let dir: TempDir;
  let realmd: RealmHost;
  let api: TestAdminApi;
  let admin: HttpSession;
  let socket: LiveSocket;
  const clients: NatsConnection[] = [];
  const single = { opened: 0, closed: 0 };
  const bursts: ConnectionBurstEvent[] = [];

  beforeAll(async () => {
    dir = await tempDir("connection-burst");
    realmd = await startRealmHost(`${dir.path}/realmd`);
    await realmd.createRealm(REALM);
    api = await startTestAdminApi({
      logger: (await import("pino")).pino(
        { level: "debug" },
        (await import("pino")).destination("/tmp/burst-api.log"),
      ),
      dataDir: `${dir.path}/admin-api`,
      env: { EM_REGISTER_HOST_URL: realmd.url, EM_REGISTER_HOST_TOKEN: realmd.token },
    });
    admin = await api.adminSession();
    await eventually("the realm online", async () => {
      const response = await admin.get(`/api/realms/${REALM}`);
      return response.ok && ((await response.json()) as { status: string }).status === "online";
    });
    socket = io(`${api.url}${LIVE_NAMESPACE}`, {
      extraHeaders: { cookie: admin.cookie ?? "" },
      reconnection: false,
      timeout: 5000,
    });
    socket.on("connection:opened", () => single.opened++);
    socket.on("connection:closed", () => single.closed++);
    socket.on("connections:burst", (burst) => bursts.push(burst));
    expect(await socket.timeout(5000).emitWithAck("subscribe", "sessions")).toEqual({ ok: true });
  });

  afterAll(async () => {
    socket?.disconnect();
    await Promise.allSettled(clients.map((nc) => nc.close()));
    await api?.close();
    await realmd?.stop();
    await dir?.[Symbol.asyncDispose]();
  });

  it("stores all 1,000 closes of a killed realm and pushes them as bursts", async () => {
    const credentials = RealmCredentialsSchema.parse(
      await (await realmd.realmd.request("GET", `/v1/realms/${REALM}/credentials`)).json(),
    );
    const hosted = await realmd.hostedRealm(REALM);
    for (let first = 0; first < CLIENTS; first += OPEN_BATCH) {
      const batch = Array.from({ length: OPEN_BATCH }, (_, i) =>
        connect({
          servers: `${hosted.bindHost}:${hosted.ports.nsp}`,
          user: credentials.app.user,
          pass: credentials.app.password,
          name: `crowd-${String(first + i).padStart(4, "0")}`,
          reconnect: false,
          timeout: 10_000,
        }),
      );
      clients.push(...(await Promise.all(batch)));
    }

    const sessionsOnRealm = async () =>
      SessionListSchema.parse(
        await (await admin.get(`/api/sessions?realm=${REALM}&limit=1000`)).json(),
      );
    await eventually("every client a connected session", async () => {
      const list = await sessionsOnRealm();
      return list.total === CLIENTS && list.sessions.every((s) => s.state === "connected");
    });
    const connections = RealmConnectionListSchema.parse(
      await (await admin.get(`/api/realms/${REALM}/connections?limit=5`)).json(),
    );
    expect(connections.connections).toHaveLength(5);
    expect(connections.total).toBe(CLIENTS);
    expect(connections.connections[0]).toMatchObject({ protocol: "nsp", lang: "nats.js" });

    expect((await admin.post(`/api/realms/${REALM}/actions/kill`)).status).toBe(200);

    await eventually("every session disconnected", async () => {
      const list = SessionListSchema.parse(
        await (await admin.get("/api/sessions?limit=1000")).json(),
      );
      const disconnected = list.sessions.filter((s) => s.state === "disconnected" && !s.realm);
      return list.total === CLIENTS && disconnected.length === CLIENTS;
    });
    const detail = SessionDetailSchema.parse(
      await (await admin.get("/api/sessions/crowd-0999")).json(),
    );
    expect(detail.timeline.map((entry) => [entry.type, entry.source, entry.realm])).toEqual([
      ["connected", "realm", REALM],
      ["disconnected", "realm", REALM],
    ]);

    const pushed = () => ({
      opened: single.opened + bursts.reduce((sum, b) => sum + b.opened, 0),
      closed: single.closed + bursts.reduce((sum, b) => sum + b.closed, 0),
    });
    await eventually("every event pushed", () => Promise.resolve(pushed().closed === CLIENTS));
    expect(pushed()).toEqual({ opened: CLIENTS, closed: CLIENTS });
    expect(bursts.length).toBeGreaterThan(0);
    expect(bursts.some((burst) => burst.byRealm[REALM]?.closed)).toBe(true);
    console.log(
      `crowd: ${single.opened + single.closed} single events and ${bursts.length} bursts for ${2 * CLIENTS} connection events`,
    );
  });
});
