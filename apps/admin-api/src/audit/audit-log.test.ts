import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  API_ROUTES,
  AuditEntrySchema,
  AuditPageSchema,
  apiPath,
  type ApiRouteName,
  type AuditEntry,
  type RouteDef,
} from "@em/contracts";
import { freePort, tempDir, type HttpSession, type TempDir } from "@em/testkit";
import { openDatabase, type Database } from "../database.js";
import { startTestAdminApi, type TestAdminApi } from "../testing/test-admin-api.js";

/** Passwords distinctive enough that finding them anywhere in the table is a leak. */
const VERA_PASSWORD = "vera-first-Pa55word-7f3c";
const VERA_NEW_PASSWORD = "vera-second-Pa55word-91ad";
const WRONG_PASSWORD = "not-admins-Pa55word-c0ffee";
const HOST_TOKEN = "host-token-0123456789abcdef-5eed";

/** Fills any path parameter; the walk needs a call recorded, not a call that succeeds. */
const SAMPLE_PARAMS: Record<string, string> = {
  name: "realm1",
  realm: "realm2",
  id: "00000000-0000-0000-0000-000000000000",
  action: "start",
  channel: "/sales",
  queue: "/jobs",
  session: "order-service",
  cid: "7",
};

function samplePath(path: string): string {
  const params: Record<string, string> = {};
  for (const [, key] of path.matchAll(/:([A-Za-z]+)/g))
    params[key as string] = SAMPLE_PARAMS[key as string] ?? "sample";
  return apiPath(path, params);
}

interface RawRow {
  id: number;
  username: string | null;
  role: string | null;
  action: string;
  result: string;
  status: number;
  params: string | null;
  client_ip: string | null;
}

async function listAudit(session: HttpSession, query: string): Promise<AuditEntry[]> {
  const response = await session.get(`/api/audit?${query}`);
  expect(response.status, query).toBe(200);
  return AuditPageSchema.parse(await response.json()).entries;
}

describe("audit log", () => {
  let dir: TempDir;
  let api: TestAdminApi;
  let admin: HttpSession;
  let db: Database;
  const logLines: string[] = [];

  const rows = (sql = "", ...values: unknown[]) =>
    db.prepare<unknown[], RawRow>(`SELECT * FROM audit_log ${sql} ORDER BY id`).all(...values);

  beforeAll(async () => {
    dir = await tempDir("audit-log");
    const logger = pino(
      { level: "error" },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          logLines.push(chunk.toString());
          done();
        },
      }),
    );
    api = await startTestAdminApi({ dataDir: dir.path, logger });
    admin = await api.adminSession();
    db = openDatabase(dir.path);
  });

  afterAll(async () => {
    db?.close();
    await api?.close();
    await dir?.[Symbol.asyncDispose]();
  });

  it("secrets - no password or token reaches the table: logins, a new user, a password change, a host", async () => {
    expect((await api.session().login("admin", WRONG_PASSWORD)).status).toBe(401);
    const created = await admin.post("/api/users", {
      username: "vera",
      password: VERA_PASSWORD,
      role: "viewer",
    });
    expect(created.status).toBe(201);
    const vera = api.session();
    expect((await vera.login("vera", VERA_PASSWORD)).status).toBe(200);
    const changed = await vera.post("/api/me/password", {
      currentPassword: VERA_PASSWORD,
      newPassword: VERA_NEW_PASSWORD,
    });
    expect(changed.status).toBeLessThan(300);
    const url = `http://127.0.0.1:${await freePort()}`;
    expect((await admin.post("/api/hosts", { url, token: HOST_TOKEN })).status).toBe(502);

    const dump = JSON.stringify(db.prepare("SELECT * FROM audit_log").all());
    for (const secret of [WRONG_PASSWORD, VERA_PASSWORD, VERA_NEW_PASSWORD, HOST_TOKEN])
      expect(dump).not.toContain(secret);
    expect(dump).toContain("[redacted]");

    const logins = rows("WHERE action = 'login'");
    expect(logins).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ username: "admin", role: "admin", result: "ok", status: 200 }),
        expect.objectContaining({
          username: "admin",
          role: null,
          result: "UNAUTHENTICATED",
          status: 401,
        }),
        expect.objectContaining({ username: "vera", role: "viewer", result: "ok" }),
      ]),
    );
    const [createRow] = rows("WHERE action = 'createUser'");
    expect(createRow).toMatchObject({ username: "admin", role: "admin", result: "ok" });
    expect(JSON.parse(createRow?.params ?? "null")).toEqual({
      body: { username: "vera", password: "[redacted]", role: "viewer" },
    });
    expect(rows("WHERE action = 'registerHost'").at(-1)).toMatchObject({
      username: "admin",
      result: "HOST_UNREACHABLE",
      status: 502,
    });
    expect(rows().every((row) => row.client_ip?.includes("127.0.0.1"))).toBe(true);
  });

  it("login - a throttled attempt is recorded as RATE_LIMITED with the username tried", async () => {
    let last: Response | undefined;
    for (let i = 0; i < 11; i++)
      last = await api.session().login("guess-who", `${WRONG_PASSWORD}-${i}`);
    expect(last?.status).toBe(429);
    const attempts = rows("WHERE action = 'login' AND username = 'guess-who'");
    expect(attempts.map((row) => row.result)).toEqual([
      ...Array<string>(10).fill("UNAUTHENTICATED"),
      "RATE_LIMITED",
    ]);
    expect(attempts.at(-1)).toMatchObject({ role: null, status: 429 });
    expect(JSON.stringify(attempts)).not.toContain(WRONG_PASSWORD);
  });

  it("append-only - the database refuses UPDATE and DELETE of audit_log", () => {
    const before = rows();
    expect(before.length).toBeGreaterThan(0);
    expect(() => db.prepare("UPDATE audit_log SET username = 'nobody'").run()).toThrow(
      /append-only/,
    );
    expect(() => db.prepare("DELETE FROM audit_log WHERE id = ?").run(before[0]?.id)).toThrow(
      /append-only/,
    );
    expect(() => db.prepare("DELETE FROM audit_log").run()).toThrow(/append-only/);
    expect(rows()).toEqual(before);
  });

  it("failures - no session, wrong role and invalid input are recorded with their code", async () => {
    expect((await api.session().post("/api/realms/realm1/actions/start")).status).toBe(401);
    const vera = api.session();
    expect((await vera.login("vera", VERA_NEW_PASSWORD)).status).toBe(200);
    expect((await vera.delete("/api/hosts/some-host")).status).toBe(403);
    expect((await admin.post("/api/realms", { name: "1bad" })).status).toBe(400);
    expect((await admin.delete("/api/hosts/no-such-host")).status).toBe(404);
    // A change without the CSRF header, as a cross-site form would send it.
    const crossSite = await fetch(`${api.url}/api/realms/realm1/actions/stop`, {
      method: "POST",
      headers: { cookie: admin.cookie ?? "" },
    });
    expect(crossSite.status).toBe(403);

    expect(rows("WHERE action = 'realmAction'")).toEqual([
      expect.objectContaining({
        username: null,
        role: null,
        result: "UNAUTHENTICATED",
        status: 401,
      }),
      expect.objectContaining({ username: "admin", role: "admin", result: "CSRF", status: 403 }),
    ]);
    expect(rows("WHERE action = 'deleteHost'")).toEqual([
      expect.objectContaining({ username: "vera", role: "viewer", result: "FORBIDDEN" }),
      expect.objectContaining({ username: "admin", result: "NOT_FOUND", status: 404 }),
    ]);
    expect(rows("WHERE action = 'createRealm'").at(-1)).toMatchObject({
      username: "admin",
      result: "VALIDATION",
      status: 400,
    });
    // Reading is not recorded, and the audit log itself is for admins only.
    expect(rows("WHERE action IN ('listAudit', 'listRealms', 'me')")).toEqual([]);
    expect((await vera.get("/api/audit")).status).toBe(403);
  });

  it("filters - by user, action, result, time range, and paged by the before cursor", async () => {
    const all = await listAudit(admin, "limit=1000");
    expect(all.length).toBeGreaterThan(8);
    expect(all.map((e) => e.id)).toEqual([...all.map((e) => e.id)].sort((a, b) => b - a));

    const veras = await listAudit(admin, "username=vera");
    expect(veras.length).toBeGreaterThan(0);
    expect(veras.every((e) => e.username === "vera")).toBe(true);
    expect(veras.length).toBe(all.filter((e) => e.username === "vera").length);

    const deletes = await listAudit(admin, "action=deleteHost");
    expect(deletes.map((e) => e.result)).toEqual(["NOT_FOUND", "FORBIDDEN"]);
    expect(deletes[0]?.target).toEqual({ id: "no-such-host" });

    const failed = await listAudit(admin, "result=failed&limit=1000");
    const ok = await listAudit(admin, "result=ok&limit=1000");
    expect(failed.every((e) => e.result !== "ok")).toBe(true);
    expect(ok.every((e) => e.result === "ok")).toBe(true);
    expect(failed.length + ok.length).toBe(all.length);

    const middle = all[Math.floor(all.length / 2)] as AuditEntry;
    const from = await listAudit(admin, `from=${middle.at}&limit=1000`);
    expect(from.length).toBe(all.filter((e) => e.at >= middle.at).length);
    const to = await listAudit(admin, `to=${encodeURIComponent(middle.at)}&limit=1000`);
    expect(to.length).toBe(all.filter((e) => e.at < middle.at).length);
    expect(await listAudit(admin, "from=2999-01-01T00:00:00Z")).toEqual([]);

    const paged: AuditEntry[] = [];
    let query = "limit=3";
    for (;;) {
      const response = await admin.get(`/api/audit?${query}`);
      const page = AuditPageSchema.parse(await response.json());
      paged.push(...page.entries);
      if (page.nextBefore === null) break;
      query = `limit=3&before=${page.nextBefore}`;
    }
    expect(paged).toEqual(all);

    const tooMany = await admin.get("/api/audit?limit=1001");
    expect(tooMany.status).toBe(400);
    expect(await tooMany.json()).toMatchObject({
      error: { code: "VALIDATION", message: expect.stringMatching(/limit/) as unknown },
    });
    expect((await admin.get("/api/audit?result=maybe")).status).toBe(400);
    expect((await admin.get("/api/audit?from=yesterday")).status).toBe(400);
  });

  it("export - JSON lines of the same entries as the list, as an attachment", async () => {
    const response = await admin.get("/api/audit/export?result=failed");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
    expect(response.headers.get("content-disposition")).toMatch(
      /^attachment; filename=".+\.jsonl"$/,
    );
    const text = await response.text();
    expect(text.endsWith("\n")).toBe(true);
    const lines = text.trimEnd().split("\n");
    const exported = lines.map((line) => AuditEntrySchema.parse(JSON.parse(line)));
    expect(exported).toEqual(await listAudit(admin, "result=failed&limit=1000"));
    expect((await api.session().get("/api/audit/export")).status).toBe(401);
  });

  it("walk - every non-GET route of API_ROUTES leaves an entry naming the route and the acting user", async () => {
    const mutating = (Object.entries(API_ROUTES) as [ApiRouteName, RouteDef][]).filter(
      ([, def]) => def.method !== "get",
    );
    expect(mutating.length).toBeGreaterThan(20);
    // Logging out ends the walker's session: last.
    mutating.sort(([a], [b]) => Number(a === "logout") - Number(b === "logout"));
    let walker = await api.adminSession();
    const answered = new Map<ApiRouteName, number>();
    for (const [name, def] of mutating) {
      const body = name === "login" ? { username: "audit-walker", password: WRONG_PASSWORD } : {};
      const response = await walker.request(def.method.toUpperCase(), samplePath(def.path), body);
      await response.body?.cancel();
      answered.set(name, response.status);
      // A route that ends sessions (a revoke, a password change) must not hide the next ones.
      if (name !== "logout" && (await walker.get("/api/auth/me")).status === 401)
        walker = await api.adminSession();
    }
    for (const [name] of mutating) {
      const row = rows("WHERE action = ?", name).at(-1);
      expect(row, name).toBeDefined();
      expect(row?.username, name).toBe(name === "login" ? "audit-walker" : "admin");
      if (name !== "login") expect(row?.role, name).toBe("admin");
      expect(row?.status, name).toBe(answered.get(name));
    }
    expect(logLines.filter((line) => line.includes("audit log write failed"))).toEqual([]);
  });

  it("a failed audit write is logged and the answer is unchanged", async () => {
    // Another connection holding the write lock makes the admin API's insert fail (SQLITE_BUSY
    // after its 5 s busy timeout); reads go on in WAL mode.
    const lock = openDatabase(dir.path);
    lock.exec("BEGIN IMMEDIATE");
    try {
      const response = await admin.delete("/api/hosts/locked-out");
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ error: { code: "NOT_FOUND" } });
    } finally {
      lock.exec("ROLLBACK");
      lock.close();
    }
    expect(logLines.some((line) => line.includes("audit log write failed"))).toBe(true);
    expect(rows("WHERE target LIKE '%locked-out%'")).toEqual([]);
  }, 20_000);
});
