import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_ROUTES, ApiErrorBodySchema } from "@em/contracts";
import { tempDir, type TempDir } from "@em/testkit";
import { parseConfig } from "../config.js";
import { MAX_FAILURES_PER_USER } from "../login-throttle.js";
import { startTestAdminApi, type TestAdminApi } from "../testing/test-admin-api.js";
import { API_RATE_LIMIT_PER_MINUTE } from "./api-rate-limit.js";

const GUESSED_PASSWORD = "the-right-password-1";
/** Lower than the default ({@link API_RATE_LIMIT_PER_MINUTE}) so the test sends few requests. */
const RATE_LIMIT = 60;

describe("HTTP hardening", () => {
  let dir: TempDir;
  let api: TestAdminApi;

  beforeAll(async () => {
    dir = await tempDir("http-hardening");
    api = await startTestAdminApi({
      dataDir: dir.path,
      env: { EM_API_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT) },
    });
  });

  afterAll(async () => {
    await api?.close();
    await dir?.[Symbol.asyncDispose]();
  });

  it("sends helmet's headers and the console's strict CSP on every answer, and no HSTS over http", async () => {
    for (const path of ["/api/health", "/no-such-page"]) {
      const response = await fetch(`${api.url}${path}`);
      const csp = response.headers.get("content-security-policy") ?? "";
      expect(csp.split(";").map((directive) => directive.trim())).toEqual([
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ]);
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("referrer-policy")).toBe("no-referrer");
      expect(response.headers.get("cross-origin-opener-policy")).toBe("same-origin");
      expect(response.headers.get("x-powered-by")).toBeNull();
      // Plain http on loopback: HSTS would pin browsers to an https this server does not offer.
      expect(response.headers.get("strict-transport-security")).toBeNull();
    }
  });

  it("login - the same client and username locked out after too many failures, even with the right password, with Retry-After", async () => {
    const admin = await api.adminSession();
    const created = await admin.post(API_ROUTES.createUser.path, {
      username: "guessed",
      password: GUESSED_PASSWORD,
      role: "viewer",
    });
    expect(created.status).toBe(201);
    const session = api.session();
    for (let i = 0; i < MAX_FAILURES_PER_USER; i++) {
      expect((await session.login("guessed", `wrong-password-${i}`)).status).toBe(401);
    }
    const locked = await session.login("guessed", GUESSED_PASSWORD);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
    const body = ApiErrorBodySchema.parse(await locked.json());
    expect(body.error.code).toBe("RATE_LIMITED");
    expect(body.error.message).toMatch(/Too many failed logins: try again in \d+ s/);
    expect(session.cookie).toBeNull();
  });

  it("the API rate limit defaults to 1200 a minute and EM_API_RATE_LIMIT_PER_MINUTE=0 turns it off", () => {
    expect(API_RATE_LIMIT_PER_MINUTE).toBe(1200);
    expect(parseConfig({}).rateLimitPerMinute).toBe(API_RATE_LIMIT_PER_MINUTE);
    expect(parseConfig({ EM_API_RATE_LIMIT_PER_MINUTE: "0" }).rateLimitPerMinute).toBe(0);
    expect(() => parseConfig({ EM_API_RATE_LIMIT_PER_MINUTE: "-1" })).toThrow(
      /EM_API_RATE_LIMIT_PER_MINUTE/,
    );
  });

  it("limits one session's API calls per minute (429 RATE_LIMITED with Retry-After) without touching other sessions", async () => {
    const busy = await api.adminSession();
    const other = await api.adminSession();
    let status = 200;
    let sent = 0;
    while (status === 200 && sent <= RATE_LIMIT + 1) {
      const response = await busy.get(API_ROUTES.me.path);
      status = response.status;
      sent++;
      if (status !== 200) {
        const body = ApiErrorBodySchema.parse(await response.json());
        expect(body.error.code).toBe("RATE_LIMITED");
        expect(body.error.message).toContain(`more than ${RATE_LIMIT} a minute`);
        expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
      } else await response.body?.cancel();
    }
    expect(status).toBe(429);
    // The login counted toward the address's budget, not the session's.
    expect(sent).toBe(RATE_LIMIT + 1);
    expect((await other.get(API_ROUTES.me.path)).status).toBe(200);
  });
});
