import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  API_ROUTES,
  ApiErrorBodySchema,
  LIVE_NAMESPACE,
  MeSchema,
  RevokedSessionsSchema,
  UserListSchema,
  UserSummarySchema,
  apiPath,
  type ClientToServerEvents,
  type Role,
  type ServerToClientEvents,
} from "@em/contracts";
import { TEST_ADMIN_PASSWORD, tempDir, type HttpSession, type TempDir } from "@em/testkit";
import { startTestAdminApi, type TestAdminApi } from "../testing/test-admin-api.js";

const USERS = apiPath(API_ROUTES.listUsers.path);
const PASSWORD = apiPath(API_ROUTES.changePassword.path);
const userPath = (name: string) => apiPath(API_ROUTES.updateUser.path, { name });
const sessionsPath = (name: string) => apiPath(API_ROUTES.revokeUserSessions.path, { name });

async function expectError(response: Response, status: number, code: string): Promise<string> {
  const body: unknown = await response.json();
  expect({ status: response.status, body }).toMatchObject({ status, body: { error: { code } } });
  return ApiErrorBodySchema.parse(body).error.message;
}

describe("console users (admin API over HTTP)", () => {
  let dir: TempDir;
  let api: TestAdminApi;
  let admin: HttpSession;

  beforeAll(async () => {
    dir = await tempDir("users");
    api = await startTestAdminApi({ dataDir: dir.path });
    admin = await api.adminSession();
  });

  afterAll(async () => {
    await api?.close();
    await dir?.[Symbol.asyncDispose]();
  });

  async function createUser(username: string, role: Role, password = `${username}-password-1`) {
    const response = await admin.post(USERS, { username, password, role });
    expect(response.status, await response.clone().text()).toBe(201);
    return { username, password, role, summary: UserSummarySchema.parse(await response.json()) };
  }

  async function loggedIn(username: string, password: string): Promise<HttpSession> {
    const session = api.session();
    const response = await session.login(username, password);
    expect(response.status, `login ${username}`).toBe(200);
    return session;
  }

  async function status(session: HttpSession, path = "/api/auth/me"): Promise<number> {
    return (await session.get(path)).status;
  }

  async function listed(username: string) {
    const list = UserListSchema.parse(await (await admin.get(USERS)).json());
    return list.users.find((user) => user.username === username);
  }

  it("creates a user of each role who logs in with it; only admins manage users", async () => {
    for (const role of ["viewer", "operator", "admin"] as const) {
      const user = await createUser(`new-${role}`, role);
      expect(user.summary).toMatchObject({ username: `new-${role}`, role, activeSessions: 0 });
      expect(user.summary.lastLoginAt).toBeUndefined();
      const session = await loggedIn(user.username, user.password);
      const me = MeSchema.parse(await (await session.get("/api/auth/me")).json());
      expect(me.user).toEqual({ username: `new-${role}`, role });
      if (role === "admin") expect(await status(session, USERS)).toBe(200);
      else {
        expect(await expectError(await session.get(USERS), 403, "FORBIDDEN")).toMatch(/admin/);
        await expectError(
          await session.post(USERS, { username: "sneaky", password: "x".repeat(12), role }),
          403,
          "FORBIDDEN",
        );
      }
      const summary = await listed(user.username);
      expect(summary?.activeSessions).toBe(1);
      expect(Date.parse(summary?.lastLoginAt ?? "")).toBeGreaterThan(0);
    }
  });

  it("lists users without anything of their password", async () => {
    await createUser("lister", "viewer", "lister-secret-pw-1");
    const text = await (await admin.get(USERS)).text();
    expect(text).not.toMatch(/argon2|hash|lister-secret-pw-1/i);
    const { users } = UserListSchema.parse(JSON.parse(text));
    expect(users.map((user) => user.username)).toEqual(
      [...users.map((user) => user.username)].sort(),
    );
    for (const user of users) expect(Object.keys(user).sort()).not.toContain("passwordHash");
  });

  it("a role change applies at once: the user's sessions and live sockets end", async () => {
    const user = await createUser("olga", "operator");
    const first = await loggedIn(user.username, user.password);
    const second = await loggedIn(user.username, user.password);
    expect(await status(first, "/api/realms/nowhere/actions/start")).not.toBe(403);

    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(
      `${api.url}${LIVE_NAMESPACE}`,
      { extraHeaders: { cookie: first.cookie ?? "" }, reconnection: false, timeout: 5000 },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", resolve);
        socket.once("connect_error", reject);
      });
      const disconnected = new Promise<string>((resolve) => socket.once("disconnect", resolve));

      const response = await admin.request("PATCH", userPath("olga"), { role: "viewer" });
      expect(response.status).toBe(200);
      expect(UserSummarySchema.parse(await response.json())).toMatchObject({
        role: "viewer",
        activeSessions: 0,
      });
      expect(await disconnected).toBe("io server disconnect");
    } finally {
      socket.disconnect();
    }
    await expectError(await first.get("/api/auth/me"), 401, "UNAUTHENTICATED");
    await expectError(await second.get("/api/auth/me"), 401, "UNAUTHENTICATED");

    const again = await loggedIn(user.username, user.password);
    expect(MeSchema.parse(await (await again.get("/api/auth/me")).json()).user.role).toBe("viewer");
    await expectError(await again.post("/api/realms/nowhere/actions/start"), 403, "FORBIDDEN");

    // The same role again changes nothing, so the session stays.
    expect((await admin.request("PATCH", userPath("olga"), { role: "viewer" })).status).toBe(200);
    expect(await status(again)).toBe(200);
  });

  it("refuses to demote the last admin, and to delete yourself", async () => {
    // Earlier tests made new-admin: demote it so `admin` is the only admin again.
    if ((await listed("new-admin"))?.role === "admin") {
      expect(
        (await admin.request("PATCH", userPath("new-admin"), { role: "operator" })).status,
      ).toBe(200);
    }
    const admins = UserListSchema.parse(await (await admin.get(USERS)).json()).users.filter(
      (user) => user.role === "admin",
    );
    expect(admins.map((user) => user.username)).toEqual(["admin"]);

    const demote = await expectError(
      await admin.request("PATCH", userPath("admin"), { role: "operator" }),
      409,
      "CONFLICT",
    );
    expect(demote).toMatch(/last admin/);
    const self = await expectError(await admin.delete(userPath("admin")), 409, "CONFLICT");
    expect(self).toMatch(/cannot delete yourself/);
    expect(await status(admin)).toBe(200);
    expect((await listed("admin"))?.role).toBe("admin");

    // With a second admin, either may be demoted, and a demoted admin loses the users page.
    const second = await createUser("second-admin", "admin");
    const secondSession = await loggedIn(second.username, second.password);
    expect((await secondSession.delete(userPath("second-admin"))).status).toBe(409);
    expect(
      (await admin.request("PATCH", userPath("second-admin"), { role: "viewer" })).status,
    ).toBe(200);
    await expectError(await secondSession.get(USERS), 401, "UNAUTHENTICATED");
  });

  it("password change: the old password stops working, other sessions end, this one stays", async () => {
    const user = await createUser("paula", "operator", "paula-old-password");
    const current = await loggedIn(user.username, user.password);
    const other = await loggedIn(user.username, user.password);

    const response = await current.post(PASSWORD, {
      currentPassword: "paula-old-password",
      newPassword: "paula-new-password",
    });
    expect(response.status).toBe(204);
    expect(await status(current)).toBe(200);
    await expectError(await other.get("/api/auth/me"), 401, "UNAUTHENTICATED");
    await expectError(
      await api.session().login("paula", "paula-old-password"),
      401,
      "UNAUTHENTICATED",
    );
    await loggedIn("paula", "paula-new-password");
    expect((await listed("paula"))?.activeSessions).toBe(2);
  });

  it("password change: a wrong current password is a 400 naming it, and counts toward the login throttle", async () => {
    const user = await createUser("wanda", "viewer");
    const session = await loggedIn(user.username, user.password);
    const message = await expectError(
      await session.post(PASSWORD, {
        currentPassword: "not-her-password",
        newPassword: "whatever-new-password",
      }),
      400,
      "VALIDATION",
    );
    expect(message).toMatch(/currentPassword: does not match your current password/);
    // 10 failures for one user from one address lock it (login-throttle.ts); one was above.
    for (let i = 0; i < 9; i++) {
      const response = await session.post(PASSWORD, {
        currentPassword: `wrong-${i}`,
        newPassword: "whatever-new-password",
      });
      expect(response.status).toBe(400);
    }
    await expectError(
      await session.post(PASSWORD, {
        currentPassword: user.password,
        newPassword: "whatever-new-password",
      }),
      429,
      "RATE_LIMITED",
    );
    await expectError(await api.session().login("wanda", user.password), 429, "RATE_LIMITED");
  });

  it("password change: bad new passwords are 400s naming the field", async () => {
    const user = await createUser("nina", "viewer");
    const session = await loggedIn(user.username, user.password);
    const tooShort = await expectError(
      await session.post(PASSWORD, { currentPassword: user.password, newPassword: "short" }),
      400,
      "VALIDATION",
    );
    expect(tooShort).toMatch(/newPassword: must have at least 12 characters/);
    const same = await expectError(
      await session.post(PASSWORD, { currentPassword: user.password, newPassword: user.password }),
      400,
      "VALIDATION",
    );
    expect(same).toMatch(/newPassword: must differ from the current password/);
    const missing = await expectError(await session.post(PASSWORD, {}), 400, "VALIDATION");
    expect(missing).toMatch(/currentPassword/);
    expect(missing).toMatch(/newPassword/);
    await expectError(
      await api.session().post(PASSWORD, { currentPassword: "a", newPassword: "b".repeat(12) }),
      401,
      "UNAUTHENTICATED",
    );
    await loggedIn(user.username, user.password);
  });

  it("deleting a user ends their sessions at once", async () => {
    const user = await createUser("dora", "operator");
    const session = await loggedIn(user.username, user.password);
    expect((await admin.delete(userPath("dora"))).status).toBe(204);
    await expectError(await session.get("/api/auth/me"), 401, "UNAUTHENTICATED");
    await expectError(await api.session().login("dora", user.password), 401, "UNAUTHENTICATED");
    expect(await listed("dora")).toBeUndefined();
    expect(await expectError(await admin.delete(userPath("dora")), 404, "NOT_FOUND")).toMatch(
      /No user named "dora"/,
    );
  });

  it("revoking a user's sessions ends every one of them; the user may log in again", async () => {
    const user = await createUser("rita", "viewer");
    const sessions = [
      await loggedIn(user.username, user.password),
      await loggedIn(user.username, user.password),
    ];
    const response = await admin.delete(sessionsPath("rita"));
    expect(response.status).toBe(200);
    expect(RevokedSessionsSchema.parse(await response.json())).toEqual({ revoked: 2 });
    for (const session of sessions) expect(await status(session)).toBe(401);
    expect((await listed("rita"))?.activeSessions).toBe(0);
    await loggedIn(user.username, user.password);
    await expectError(await admin.delete(sessionsPath("nobody")), 404, "NOT_FOUND");
  });

  describe("bad input gets a 4xx naming the field", () => {
    const good = { username: "valid-name", password: "a-good-password", role: "viewer" };

    it.each([
      [{ ...good, username: "Bad Name" }, /username: use lowercase letters/],
      [{ ...good, username: "" }, /username: username is required/],
      [{ ...good, username: "x".repeat(65) }, /username: at most 64 characters/],
      [{ ...good, username: "-dash" }, /username: .*starting with a letter or digit/],
      [{ ...good, password: "eleven-char" }, /password: must have at least 12 characters/],
      [{ ...good, password: undefined }, /password/],
      [{ ...good, role: "root" }, /role/],
      [{ ...good, role: undefined }, /role/],
    ])("POST /api/users %j", async (body, expected) => {
      const message = await expectError(await admin.post(USERS, body), 400, "VALIDATION");
      expect(message).toMatch(expected);
    });

    it("POST /api/users without a body", async () => {
      const message = await expectError(await admin.post(USERS), 400, "VALIDATION");
      expect(message).toMatch(/send a JSON object/);
    });

    it("POST /api/users with a taken name is a 409", async () => {
      await createUser("taken", "viewer");
      const message = await expectError(
        await admin.post(USERS, { ...good, username: "taken" }),
        409,
        "CONFLICT",
      );
      expect(message).toMatch(/"taken" already exists/);
    });

    it("PATCH /api/users/:name with a bad role, no role, or an unknown user", async () => {
      await createUser("patchy", "viewer");
      expect(
        await expectError(
          await admin.request("PATCH", userPath("patchy"), { role: "superuser" }),
          400,
          "VALIDATION",
        ),
      ).toMatch(/role/);
      expect(
        await expectError(await admin.request("PATCH", userPath("patchy"), {}), 400, "VALIDATION"),
      ).toMatch(/role/);
      expect(
        await expectError(
          await admin.request("PATCH", userPath("ghost"), { role: "viewer" }),
          404,
          "NOT_FOUND",
        ),
      ).toMatch(/ghost/);
      expect(
        await expectError(
          await admin.request("PATCH", userPath("x".repeat(65)), { role: "viewer" }),
          400,
          "VALIDATION",
        ),
      ).toMatch(/name/);
    });

    it("every user route refuses a caller without a session", async () => {
      const anonymous = api.session();
      await expectError(await anonymous.get(USERS), 401, "UNAUTHENTICATED");
      await expectError(await anonymous.delete(sessionsPath("admin")), 401, "UNAUTHENTICATED");
      await expectError(
        await anonymous.request("PATCH", userPath("admin"), { role: "viewer" }),
        401,
        "UNAUTHENTICATED",
      );
      expect(await status(await loggedIn("admin", TEST_ADMIN_PASSWORD))).toBe(200);
    });
  });
});
