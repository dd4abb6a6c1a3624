import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  API_ROUTES,
  ApiErrorBodySchema,
  HealthSchema,
  MeSchema,
  apiPath,
  type RouteDef,
} from "@em/contracts";
import {
  TEST_ADMIN_PASSWORD,
  freePort,
  tempDir,
  type HttpSession,
  type TempDir,
} from "@em/testkit";
import { openDatabase } from "./database.js";
import { hashPassword } from "./password.js";
import { startTestAdminApi, type TestAdminApi } from "./testing/test-admin-api.js";
import { UserStore } from "./user-store.js";

const SAMPLE_PARAMS = {
  name: "realm1",
  realm: "realm2",
  id: "00000000-0000-0000-0000-000000000000",
  action: "start",
  channel: "/sales",
  queue: "/jobs",
  session: "order-service",
  cid: "7",
};

async function expectError(response: Response, status: number, code: string): Promise<string> {
  const body: unknown = await response.json();
  expect({ status: response.status, body }).toMatchObject({ status, body: { error: { code } } });
  return ApiErrorBodySchema.parse(body).error.message;
}

describe("admin API over HTTP", () => {
  let dir: TempDir;
  let api: TestAdminApi;
  let admin: HttpSession;

  beforeAll(async () => {
    dir = await tempDir("admin-api");
    api = await startTestAdminApi({ dataDir: dir.path });
    admin = await api.adminSession();
    // A viewer, added straight to the SQLite file the API uses.
    const db = openDatabase(dir.path);
    new UserStore(db).create({
      username: "vera",
      role: "viewer",
      passwordHash: await hashPassword("viewer-pw-1"),
    });
    db.close();
  });

  afterAll(async () => {
    await api?.close();
    await dir?.[Symbol.asyncDispose]();
  });

  describe("auth", () => {
    it("login - answers the user and sets an httpOnly SameSite=Strict session cookie", async () => {
      const session = api.session();
      const response = await session.login("admin", TEST_ADMIN_PASSWORD);
      expect(response.status).toBe(200);
      expect(MeSchema.parse(await response.json())).toEqual({
        user: { username: "admin", role: "admin" },
      });
      const cookie = response.headers.getSetCookie()[0] ?? "";
      expect(cookie).toMatch(/^em_session=[A-Za-z0-9_-]{40,};/);
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Strict/);
      expect(cookie).toMatch(/Path=\//);
      expect(cookie).not.toMatch(/Secure/);
      expect(MeSchema.parse(await (await session.get("/api/auth/me")).json()).user.username).toBe(
        "admin",
      );
    });

    it("login - a wrong password and an unknown user get the same 401", async () => {
      const wrongPassword = await expectError(
        await api.session().login("admin", "nope"),
        401,
        "UNAUTHENTICATED",
      );
      const unknownUser = await expectError(
        await api.session().login("mallory", TEST_ADMIN_PASSWORD),
        401,
        "UNAUTHENTICATED",
      );
      expect(wrongPassword).toBe(unknownUser);
    });

    it("login - refuses further attempts with 429 after repeated failures, with Retry-After", async () => {
      let last: Response | undefined;
      for (let i = 0; i < 11; i++) last = await api.session().login("guess-who", `wrong-${i}`);
      expect(last?.status).toBe(429);
      expect(Number(last?.headers.get("retry-after"))).toBeGreaterThan(0);
      await expectError(last as Response, 429, "RATE_LIMITED");
    });

    it("login - missing fields are a 400 naming them", async () => {
      const message = await expectError(
        await api.session().post("/api/auth/login", { username: "" }),
        400,
        "VALIDATION",
      );
      expect(message).toMatch(/username/);
      expect(message).toMatch(/password/);
    });

    it("answers 401 on every non-public route without a session, and with a forged cookie", async () => {
      const routes = Object.values(API_ROUTES as Record<string, RouteDef>).filter(
        (def) => def.access !== "public",
      );
      expect(routes.length).toBeGreaterThan(5);
      for (const def of routes) {
        const path = apiPath(def.path, SAMPLE_PARAMS);
        for (const cookie of [undefined, "em_session=forged-token-value"]) {
          const response = await fetch(`${api.url}${path}`, {
            method: def.method.toUpperCase(),
            headers: { "content-type": "application/json", ...(cookie ? { cookie } : {}) },
            ...(def.method === "get" ? {} : { body: "{}" }),
          });
          expect(response.status, `${def.method} ${path}`).toBe(401);
          expect(await response.json()).toMatchObject({
            error: { code: "UNAUTHENTICATED" },
          });
        }
      }
    });

    it("answers public routes without a session", async () => {
      const response = await api.session().get("/api/health");
      expect(response.status).toBe(200);
      expect(HealthSchema.parse(await response.json()).status).toBe("ok");
    });

    it("logout - ends the session: the old cookie gets 401", async () => {
      const session = await api.adminSession();
      const cookie = session.cookie ?? "";
      const response = await session.post("/api/auth/logout");
      expect(response.status).toBe(204);
      expect(response.headers.getSetCookie()[0]).toMatch(/^em_session=;/);
      const reused = await fetch(`${api.url}/api/auth/me`, { headers: { cookie } });
      await expectError(reused, 401, "UNAUTHENTICATED");
    });

    it("refuses what a role does not allow with 403, and allows what it does", async () => {
      const viewer = api.session();
      expect((await viewer.login("vera", "viewer-pw-1")).status).toBe(200);
      expect((await viewer.get("/api/realms")).status).toBe(200);
      expect((await viewer.get("/api/hosts")).status).toBe(200);
      const message = await expectError(
        await viewer.post("/api/hosts", { url: "http://127.0.0.1:1", token: "0123456789abcdef" }),
        403,
        "FORBIDDEN",
      );
      expect(message).toMatch(/admin role/);
      await expectError(await viewer.post("/api/realms/realm1/actions/start"), 403, "FORBIDDEN");
    });
  });

  describe("bad input gets a 4xx with a code and a message, never a 500", () => {
    it("malformed JSON", async () => {
      const response = await admin.request("POST", "/api/hosts", "{not json", {
        headers: { "content-type": "application/json" },
      });
      expect(await expectError(response, 400, "VALIDATION")).toMatch(/Malformed JSON/);
    });

    it("a body over 3 MB", async () => {
      const response = await admin.post("/api/hosts", {
        url: "http://x",
        token: "t".repeat(3_200_000),
      });
      await expectError(response, 413, "PAYLOAD_TOO_LARGE");
    });

    it("a body that is not JSON at all", async () => {
      const response = await admin.request("POST", "/api/hosts", "url=x", {
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
      expect(await expectError(response, 400, "VALIDATION")).toMatch(/JSON/);
    });

    it("an invalid realm name", async () => {
      const message = await expectError(
        await admin.get("/api/realms/1-starts-with-digit"),
        400,
        "VALIDATION",
      );
      expect(message).toMatch(/realm name starts with a letter/);
    });

    it("bad ports, naming each field", async () => {
      const response = await admin.post("/api/realms", {
        hostId: "h",
        name: "realm9",
        nspPort: 80,
        nhpPort: 70000,
        monitorPort: "x",
      });
      const body = ApiErrorBodySchema.parse(await response.json());
      expect(response.status).toBe(400);
      expect(body.error.code).toBe("VALIDATION");
      expect(
        (body.error.details?.["issues"] as { path: string }[]).map((issue) => issue.path).sort(),
      ).toEqual(["monitorPort", "nhpPort", "nspPort"]);
    });

    it("an unknown realm action", async () => {
      await expectError(await admin.post("/api/realms/realm1/actions/explode"), 400, "VALIDATION");
    });

    it("an unknown realm", async () => {
      expect(await expectError(await admin.get("/api/realms/ghost"), 404, "NOT_FOUND")).toMatch(
        /ghost/,
      );
      await expectError(await admin.post("/api/realms/ghost/actions/stop"), 404, "NOT_FOUND");
    });

    it("an unknown host id when creating a realm", async () => {
      const response = await admin.post("/api/realms", {
        hostId: "no-such-host",
        name: "realm9",
        nspPort: 20000,
        nhpPort: 20001,
        monitorPort: 20002,
      });
      expect(await expectError(response, 404, "NOT_FOUND")).toMatch(/no-such-host/);
    });

    it("an unknown host id when deleting a host", async () => {
      await expectError(await admin.delete("/api/hosts/no-such-host"), 404, "NOT_FOUND");
    });

    it("an unknown /api path, as JSON", async () => {
      await expectError(await admin.get("/api/nothing/here"), 404, "NOT_FOUND");
      await expectError(await admin.request("PUT", "/api/hosts"), 404, "NOT_FOUND");
    });

    it("a path parameter that is not valid URL encoding", async () => {
      await expectError(await admin.get("/api/realms/%E0%A4%A"), 400, "VALIDATION");
    });

    it("a host URL that is not http(s), or a short token", async () => {
      const response = await admin.post("/api/hosts", { url: "ftp://127.0.0.1", token: "short" });
      const message = await expectError(response, 400, "VALIDATION");
      expect(message).toMatch(/url/);
      expect(message).toMatch(/token/);
    });

    it("an unreachable realmd URL is a 502 naming it", async () => {
      const url = `http://127.0.0.1:${await freePort()}`;
      const response = await admin.post("/api/hosts", { url, token: "0123456789abcdef0123" });
      expect(await expectError(response, 502, "HOST_UNREACHABLE")).toContain(url);
    });

    it("a URL that answers, but not as realmd, is a 422", async () => {
      const server: Server = createServer((_req, res) =>
        res.writeHead(200).end("<html>hello</html>"),
      );
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      try {
        const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        const response = await admin.post("/api/hosts", { url, token: "0123456789abcdef0123" });
        expect(await expectError(response, 422, "HOST_REJECTED")).toContain(url);
      } finally {
        server.closeAllConnections();
        server.close();
      }
    });
  });

  it("openapi.json lists every API_ROUTES path and method", async () => {
    const response = await admin.get("/api/openapi.json");
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(document.openapi).toBe("3.1.0");
    for (const def of Object.values(API_ROUTES as Record<string, RouteDef>)) {
      const path = def.path.replace(/:([A-Za-z]+)/g, "{$1}");
      expect(document.paths[path]?.[def.method], `${def.method} ${path}`).toBeDefined();
    }
  });

  it("serves nothing but JSON 404s outside /api when no SPA is configured", async () => {
    await expectError(await fetch(`${api.url}/`), 404, "NOT_FOUND");
  });
});
