import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { connect } from "@nats-io/transport-node";
import {
  API_ROUTES,
  LIVE_NAMESPACE,
  LiveTopicSchema,
  REALMD_PATHS,
  RealmCredentialsSchema,
  SESSION_COOKIE,
  apiPath,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from "@em/contracts";
import { TEST_ADMIN_PASSWORD, eventually, type HttpSession } from "@em/testkit";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalStack, type LocalStack } from "../support/local-stack.js";

const REALM = "realm1";
const USER = { username: "log-checker", password: "log-checker-secret-1", role: "operator" };
const NEW_PASSWORD = "log-checker-secret-2";
/** A wrong guess is still someone's password, maybe one typo away from the real one. */
const WRONG_PASSWORD = "wrong-guess-secret-9";
const WRONG_REALMD_TOKEN = "not-the-realmd-token-0123456789";

function cookieValue(session: HttpSession): string {
  const value = session.cookie?.slice(`${SESSION_COOKIE}=`.length) ?? "";
  expect(value.length).toBeGreaterThan(20);
  return value;
}

/**
 * Runs the admin API and realmd at debug level through logins, user management, a host
 * registration, a publish, the live feed and client connections, then looks for every
 * secret in everything they (and the realms) logged.
 */
describe("logs never hold a password, token or cookie", () => {
  let stack: LocalStack;
  const secrets = new Map<string, string>();
  let socket: Socket<ServerToClientEvents, ClientToServerEvents> | undefined;

  beforeAll(async () => {
    stack = await startLocalStack({ realms: 1, logLevel: "debug" });
    const url = stack.adminApi.url;
    secrets.set("admin password", TEST_ADMIN_PASSWORD);
    secrets.set("wrong password", WRONG_PASSWORD);
    secrets.set("realmd token", stack.host.token);
    secrets.set("wrong realmd token", WRONG_REALMD_TOKEN);
    const credentials = RealmCredentialsSchema.parse(
      await (await stack.host.realmd.request("GET", REALMD_PATHS.realmCredentials(REALM))).json(),
    );
    secrets.set("realm system password", credentials.system.password);
    secrets.set("realm app password", credentials.app.password);

    const admin = stack.adminApi.session();
    expect((await admin.login("admin", WRONG_PASSWORD)).status).toBe(401);
    expect((await admin.login("admin", TEST_ADMIN_PASSWORD)).status).toBe(200);
    secrets.set("admin session cookie", cookieValue(admin));

    const created = await admin.post(API_ROUTES.createUser.path, USER);
    expect(created.status).toBe(201);
    secrets.set("new user's password", USER.password);
    secrets.set("new user's new password", NEW_PASSWORD);
    const user = stack.adminApi.session();
    expect((await user.login(USER.username, USER.password)).status).toBe(200);
    secrets.set("user session cookie", cookieValue(user));
    const changed = await user.post(API_ROUTES.changePassword.path, {
      currentPassword: USER.password,
      newPassword: NEW_PASSWORD,
    });
    expect(changed.status).toBe(204);

    // realmd's token through the API, right and wrong (an answer of realmd's may echo it).
    await admin.post(API_ROUTES.registerHost.path, {
      url: stack.host.url,
      token: stack.host.token,
      name: "again",
    });
    await admin.post(API_ROUTES.registerHost.path, {
      url: stack.host.url,
      token: WRONG_REALMD_TOKEN,
    });

    await eventually("realm1 online", async () => {
      const response = await user.get(apiPath(API_ROUTES.getRealm.path, { name: REALM }));
      return response.ok && ((await response.json()) as { status: string }).status === "online";
    });
    const channels = apiPath(API_ROUTES.realmChannelCreate.path, { name: REALM });
    expect((await user.post(channels, { name: "/logs" })).status).toBe(201);
    const publish = apiPath(API_ROUTES.realmChannelPublish.path, {
      name: REALM,
      channel: "/logs",
    });
    expect((await user.post(publish, { data: "hello" })).status).toBe(201);

    socket = io(`${url}${LIVE_NAMESPACE}`, {
      extraHeaders: { cookie: user.cookie ?? "" },
      reconnection: false,
    });
    for (const topic of LiveTopicSchema.options) {
      await socket.timeout(5000).emitWithAck("subscribe", topic);
    }
    const hosted = await stack.host.hostedRealm(REALM);
    const client = await connect({
      servers: `127.0.0.1:${hosted.ports.nsp}`,
      user: credentials.app.user,
      pass: credentials.app.password,
      name: "log-secrets-client",
    });
    await eventually("the client's session is seen", async () => {
      const response = await user.get(API_ROUTES.listSessions.path);
      return (await response.text()).includes("log-secrets-client");
    });
    await client.close();
    // A wrong password at the realm: the realm logs the attempt, never the password.
    await connect({
      servers: `127.0.0.1:${hosted.ports.nsp}`,
      user: credentials.app.user,
      pass: WRONG_PASSWORD,
      reconnect: false,
    }).then(
      (unexpected) => unexpected.close(),
      () => undefined,
    );
    expect((await user.post(API_ROUTES.logout.path)).status).toBe(204);
  }, 120_000);

  afterAll(async () => {
    socket?.disconnect();
    await stack?.[Symbol.asyncDispose]();
  });

  it("logged at debug level, so there was something to search", () => {
    const adminLog = stack.adminApi.output();
    expect(adminLog).toMatch(/"msg":"request"/);
    expect(adminLog).toContain("/api/auth/login");
    expect(stack.host.realmd.output().length).toBeGreaterThan(0);
  });

  it("has no secret in the admin API's, realmd's or the realm's log", async () => {
    const realmLog = await readFile(
      join(stack.dir.path, "realmd", "realms", REALM, "nats.log"),
      "utf8",
    ).catch(() => "");
    const logs = {
      "admin-api": stack.adminApi.output(),
      realmd: stack.host.realmd.output(),
      [`${REALM} nats.log`]: realmLog,
    };
    const found: string[] = [];
    for (const [log, text] of Object.entries(logs)) {
      for (const [what, secret] of secrets) {
        expect(secret.length, what).toBeGreaterThanOrEqual(16);
        const at = text.indexOf(secret);
        if (at !== -1) found.push(`${what} in ${log}: …${text.slice(Math.max(0, at - 200), at)}…`);
      }
    }
    expect(found).toEqual([]);
  });
});
