import {
  API_ROUTES,
  CSRF_HEADER,
  LIVE_NAMESPACE,
  LIVE_TOPIC_ACCESS,
  LiveTopicSchema,
  RoleSchema,
  SubscribeAckSchema,
  apiPath,
  roleAllows,
  type ClientToServerEvents,
  type RouteDef,
  type Role,
  type ServerToClientEvents,
} from "@em/contracts";
import type { HttpSession } from "@em/testkit";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { startLocalStack, type LocalStack } from "../support/local-stack.js";

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * Values that exist nowhere (so a change made with the right role finds nothing to change),
 * tried in order until one passes the route's own schema for that parameter.
 */
const DUMMY_PARAM_VALUES = [
  "nosuch1",
  "/nosuch/walk",
  "00000000-0000-0000-0000-000000000000",
  "999999",
];

/** Users of each role, made through the API by the admin. */
const PASSWORDS: Record<Role, string> = {
  viewer: "walk-viewer-password-1",
  operator: "walk-operator-password-1",
  admin: "",
};
const USERNAMES: Record<Role, string> = {
  viewer: "walk-viewer",
  operator: "walk-operator",
  admin: "admin",
};

interface OpenApiOperation {
  operationId?: string;
  "x-access"?: string;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
}

/** A value for each path parameter that the route's schema accepts. */
function dummyParams(def: RouteDef): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [name, field] of Object.entries(def.params?.shape ?? {})) {
    const schema = field as z.ZodType;
    const enumOptions = (schema as { options?: unknown }).options;
    const candidates = [
      ...(Array.isArray(enumOptions) ? enumOptions.map(String) : []),
      ...DUMMY_PARAM_VALUES,
    ];
    const value = candidates.find((candidate) => schema.safeParse(candidate).success);
    if (value === undefined) throw new Error(`no dummy value fits ${def.path} :${name}`);
    params[name] = value;
  }
  return params;
}

function call(session: HttpSession, def: RouteDef): Promise<Response> {
  const path = apiPath(def.path, dummyParams(def));
  // An empty object: every body schema but purge's refuses it (400), and purge finds no store.
  return session.request(def.method.toUpperCase(), path, def.body ? {} : undefined);
}

/** Routes that end or change the caller's own session go last, so the walk keeps its sessions. */
const LAST_ROUTES = new Set<string>(["logout", "changePassword"]);

describe("role walk: every route of the OpenAPI document and every live topic, per role", () => {
  let stack: LocalStack;
  const sessions = {} as Record<Role, HttpSession>;
  const sockets: LiveSocket[] = [];
  let operations: { method: string; path: string; name: string; def: RouteDef }[] = [];

  async function loggedIn(role: Role): Promise<HttpSession> {
    if (role === "admin") return stack.adminApi.adminSession();
    const session = stack.adminApi.session();
    expect((await session.login(USERNAMES[role], PASSWORDS[role])).status).toBe(200);
    return session;
  }

  beforeAll(async () => {
    stack = await startLocalStack({ realms: 1 });
    sessions.admin = await stack.adminApi.adminSession();
    for (const role of ["viewer", "operator"] as const) {
      const created = await sessions.admin.post("/api/users", {
        username: USERNAMES[role],
        password: PASSWORDS[role],
        role,
      });
      expect(created.status, await created.clone().text()).toBe(201);
      sessions[role] = await loggedIn(role);
    }

    const response = await sessions.admin.get(API_ROUTES.openapi.path);
    expect(response.status).toBe(200);
    const document = (await response.json()) as OpenApiDocument;
    const routes = Object.entries(API_ROUTES as Record<string, RouteDef>);
    for (const [openApiPath, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const expressPath = openApiPath.replace(/\{([A-Za-z]+)\}/g, ":$1");
        const entry = routes.find(([, def]) => def.method === method && def.path === expressPath);
        expect(
          entry,
          `${method.toUpperCase()} ${openApiPath} has no API_ROUTES entry, so no role`,
        ).toBeDefined();
        if (!entry) continue;
        expect(operation["x-access"], `${method} ${openApiPath}`).toBe(entry[1].access);
        operations.push({ method, path: openApiPath, name: entry[0], def: entry[1] });
      }
    }
    operations = [
      ...operations.filter((op) => !LAST_ROUTES.has(op.name)),
      ...operations.filter((op) => LAST_ROUTES.has(op.name)),
    ];
  }, 120_000);

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await stack?.[Symbol.asyncDispose]();
  });

  it("the OpenAPI document lists every route of API_ROUTES", () => {
    expect(operations.map((op) => op.name).sort()).toEqual(Object.keys(API_ROUTES).sort());
  });

  it("no session → 401 on every route but the public ones", async () => {
    const anonymous = stack.adminApi.session();
    const checked: string[] = [];
    for (const { method, path, def } of operations) {
      if (def.access === "public") continue;
      const response = await call(anonymous, def);
      expect(response.status, `${method.toUpperCase()} ${path} without a session`).toBe(401);
      expect(await response.json()).toMatchObject({ error: { code: "UNAUTHENTICATED" } });
      checked.push(path);
    }
    expect(checked.length).toBeGreaterThan(50);
  });

  it("a role below the route's → 403 FORBIDDEN naming the role needed", async () => {
    let refusals = 0;
    for (const { method, path, def } of operations) {
      if (def.access === "public" || def.access === "session") continue;
      const required = def.access;
      for (const role of RoleSchema.options) {
        if (roleAllows(role, required)) continue;
        const response = await call(sessions[role], def);
        expect(response.status, `${method.toUpperCase()} ${path} as ${role}`).toBe(403);
        const body = (await response.json()) as { error: { code: string; message: string } };
        expect(body.error.code).toBe("FORBIDDEN");
        expect(body.error.message).toContain(required);
        refusals++;
      }
    }
    // Viewers are refused every change, operators every admin route.
    expect(refusals).toBeGreaterThan(40);
  });

  it("the route's own role (and every role above it) → neither 401 nor 403", async () => {
    for (const { method, path, name, def } of operations) {
      const roles = RoleSchema.options.filter(
        (role) =>
          def.access === "public" || def.access === "session" || roleAllows(role, def.access),
      );
      for (const role of roles) {
        // logout and changePassword end or change the session: a throwaway one of that role.
        const session = LAST_ROUTES.has(name) ? await loggedIn(role) : sessions[role];
        const response = await call(session, def);
        expect(
          [401, 403],
          `${method.toUpperCase()} ${path} as ${role}: ${response.status} ${await response.text()}`,
        ).not.toContain(response.status);
      }
    }
  });

  describe("live feed", () => {
    function connect(headers: Record<string, string>): LiveSocket {
      const socket: LiveSocket = io(`${stack.adminApi.url}${LIVE_NAMESPACE}`, {
        extraHeaders: headers,
        reconnection: false,
        timeout: 5000,
      });
      sockets.push(socket);
      return socket;
    }

    function outcome(socket: LiveSocket): Promise<{ connected: boolean; message?: string }> {
      return new Promise((resolve) => {
        socket.once("connect", () => resolve({ connected: true }));
        socket.once("connect_error", (error) =>
          resolve({ connected: false, message: error.message }),
        );
      });
    }

    it("refuses a socket without a session cookie, and one with a forged cookie", async () => {
      expect(await outcome(connect({}))).toEqual({
        connected: false,
        message: "UNAUTHENTICATED",
      });
      expect(await outcome(connect({ cookie: "em_session=forged" }))).toEqual({
        connected: false,
        message: "UNAUTHENTICATED",
      });
    });

    it("refuses a socket from a foreign Origin, even with a valid session", async () => {
      const socket = connect({
        cookie: sessions.admin.cookie ?? "",
        origin: "http://evil.example",
      });
      expect((await outcome(socket)).connected).toBe(false);
    });

    it("subscribe answers each role on each topic as LIVE_TOPIC_ACCESS says", async () => {
      for (const role of ["viewer", "operator"] as const) {
        const socket = connect({ cookie: sessions[role].cookie ?? "" });
        expect(await outcome(socket)).toEqual({ connected: true });
        for (const topic of LiveTopicSchema.options) {
          const ack = SubscribeAckSchema.parse(
            await socket.timeout(5000).emitWithAck("subscribe", topic),
          );
          const expected = roleAllows(role, LIVE_TOPIC_ACCESS[topic]);
          expect(ack.ok, `${role} subscribing to ${topic}`).toBe(expected);
          if (!ack.ok) expect(ack.error.code).toBe("FORBIDDEN");
        }
        const unknown = SubscribeAckSchema.parse(
          await socket.timeout(5000).emitWithAck("subscribe", "users" as never),
        );
        expect(unknown).toMatchObject({ ok: false, error: { code: "VALIDATION" } });
        socket.emit("unsubscribe", "realms");
      }
    });

    it("a socket whose session ended is refused its next subscribe and dropped", async () => {
      const session = await loggedIn("viewer");
      const cookie = session.cookie ?? "";
      const socket = connect({ cookie });
      expect(await outcome(socket)).toEqual({ connected: true });
      const dropped = new Promise<string>((resolve) => socket.once("disconnect", resolve));
      expect((await session.post(API_ROUTES.logout.path)).status).toBe(204);
      expect(await dropped).toBe("io server disconnect");
      const again = connect({ cookie });
      expect(await outcome(again)).toEqual({ connected: false, message: "UNAUTHENTICATED" });
    });
  });

  describe("CSRF", () => {
    it("a change without the CSRF header or a same-origin Origin → 403 CSRF naming the header", async () => {
      const variants: Record<string, string>[] = [
        {},
        { origin: "http://evil.example" },
        { origin: "null" },
      ];
      for (const headers of variants) {
        const response = await fetch(`${stack.adminApi.url}/api/realms/nosuch1/actions/start`, {
          method: "POST",
          headers: { cookie: sessions.operator.cookie ?? "", ...headers },
        });
        expect(response.status, JSON.stringify(headers)).toBe(403);
        const body = (await response.json()) as { error: { code: string; message: string } };
        expect(body.error.code).toBe("CSRF");
        expect(body.error.message).toContain(CSRF_HEADER);
      }
    });

    it("a change from the console's own origin passes the CSRF check without the header", async () => {
      const response = await fetch(`${stack.adminApi.url}/api/realms/nosuch1/actions/start`, {
        method: "POST",
        headers: { cookie: sessions.operator.cookie ?? "", origin: stack.adminApi.url },
      });
      expect(response.status).toBe(404);
    });

    it("a login without the header from another site is refused too (login CSRF)", async () => {
      const response = await fetch(`${stack.adminApi.url}${API_ROUTES.login.path}`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: "http://evil.example" },
        body: JSON.stringify({ username: USERNAMES.viewer, password: PASSWORDS.viewer }),
      });
      expect(response.status).toBe(403);
      expect(response.headers.getSetCookie()).toEqual([]);
    });

    it("a form-encoded change → 415 naming JSON", async () => {
      const response = await fetch(`${stack.adminApi.url}${API_ROUTES.login.path}`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          [CSRF_HEADER]: "1",
        },
        body: `username=${USERNAMES.viewer}&password=${PASSWORDS.viewer}`,
      });
      expect(response.status).toBe(415);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error).toMatchObject({ code: "UNSUPPORTED_MEDIA_TYPE" });
      expect(body.error.message).toContain("application/json");
      expect(response.headers.getSetCookie()).toEqual([]);
    });
  });
});
