import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiErrorBodySchema, HostListSchema, HostSchema } from "@em/contracts";
import {
  eventually,
  type RealmHost,
  startRealmHost,
  tempDir,
  type TempDir,
  TEST_ADMIN_PASSWORD,
} from "@em/testkit";
import { startTestAdminApi } from "./testing/test-admin-api.js";

describe("hosts", () => {
  let dir: TempDir;
  let realmd: RealmHost;

  beforeAll(async () => {
    dir = await tempDir("hosts");
    realmd = await startRealmHost(`${dir.path}/realmd`);
  });

  afterAll(async () => {
    await realmd?.stop();
    await dir?.[Symbol.asyncDispose]();
  });

  it("registers a realmd by URL and token, normalising the URL; the token never comes back", async () => {
    await using api = await startTestAdminApi({ dataDir: `${dir.path}/register` });
    const admin = await api.adminSession();
    const response = await admin.post("/api/hosts", { url: `${realmd.url}/`, token: realmd.token });
    const text = await response.text();
    expect(response.status).toBe(201);
    expect(text).not.toContain(realmd.token);
    const host = HostSchema.parse(JSON.parse(text));
    expect(host).toMatchObject({ url: realmd.url, status: "online", problem: null });
    expect(host.name).toBe(host.hostname);
    expect(host.version).toMatch(/\d+\.\d+\.\d+/);

    const listed = await (await admin.get("/api/hosts")).text();
    expect(listed).not.toContain(realmd.token);
    expect(HostListSchema.parse(JSON.parse(listed)).hosts.map((h) => h.id)).toEqual([host.id]);
  });

  it("refuses a wrong token with 422 naming the URL", async () => {
    await using api = await startTestAdminApi({ dataDir: `${dir.path}/wrong-token` });
    const admin = await api.adminSession();
    const response = await admin.post("/api/hosts", {
      url: realmd.url,
      token: "not-the-right-token-0123",
    });
    expect(response.status).toBe(422);
    expect(ApiErrorBodySchema.parse(await response.json()).error).toEqual({
      code: "HOST_REJECTED",
      message: `realmd at ${realmd.url} refused the token`,
      details: { hostUrl: realmd.url },
    });
    expect(HostListSchema.parse(await (await admin.get("/api/hosts")).json()).hosts).toEqual([]);
  });

  it("refuses the same URL twice with 409, however it is spelled", async () => {
    await using api = await startTestAdminApi({ dataDir: `${dir.path}/duplicate` });
    const admin = await api.adminSession();
    expect(
      (await admin.post("/api/hosts", { url: realmd.url, token: realmd.token, name: "first" }))
        .status,
    ).toBe(201);
    for (const url of [realmd.url, `${realmd.url}/`, realmd.url.replace("http://", "HTTP://")]) {
      const response = await admin.post("/api/hosts", { url, token: realmd.token });
      expect(response.status, url).toBe(409);
      expect(ApiErrorBodySchema.parse(await response.json()).error.message).toMatch(
        /already registered as "first"/,
      );
    }
  });

  it("forgets a host: 204, then 404", async () => {
    await using api = await startTestAdminApi({ dataDir: `${dir.path}/delete` });
    const admin = await api.adminSession();
    const host = HostSchema.parse(
      await (await admin.post("/api/hosts", { url: realmd.url, token: realmd.token })).json(),
    );
    expect((await admin.delete(`/api/hosts/${host.id}`)).status).toBe(204);
    expect((await admin.delete(`/api/hosts/${host.id}`)).status).toBe(404);
    expect(HostListSchema.parse(await (await admin.get("/api/hosts")).json()).hosts).toEqual([]);
  });

  it("keeps registered hosts across a restart over the same data folder", async () => {
    const dataDir = `${dir.path}/restart`;
    let hostId: string;
    {
      await using api = await startTestAdminApi({ dataDir });
      const admin = await api.adminSession();
      const response = await admin.post("/api/hosts", {
        url: realmd.url,
        token: realmd.token,
        name: "local",
      });
      hostId = HostSchema.parse(await response.json()).id;
    }
    await using again = await startTestAdminApi({ dataDir });
    const admin = await again.adminSession();
    const { hosts } = HostListSchema.parse(await (await admin.get("/api/hosts")).json());
    expect(hosts).toHaveLength(1);
    expect(hosts[0]).toMatchObject({
      id: hostId,
      name: "local",
      url: realmd.url,
      status: "online",
    });
  });

  it("registers the configured host at start-up, once", async () => {
    const dataDir = `${dir.path}/configured`;
    const env = { EM_REGISTER_HOST_URL: realmd.url, EM_REGISTER_HOST_TOKEN: realmd.token };
    const hostsOf = async (api: Awaited<ReturnType<typeof startTestAdminApi>>) =>
      HostListSchema.parse(await (await (await api.adminSession()).get("/api/hosts")).json()).hosts;
    {
      await using api = await startTestAdminApi({ dataDir, env });
      await eventually("the configured host", async () => (await hostsOf(api)).length === 1);
    }
    await using again = await startTestAdminApi({ dataDir, env });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await hostsOf(again)).toHaveLength(1);
  });

  it("never logs a realmd token, a session cookie or a password", async () => {
    let logged = "";
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logged += chunk.toString();
        done();
      },
    });
    const logger = pino({ level: "trace" }, sink);
    await using api = await startTestAdminApi({
      dataDir: `${dir.path}/logs`,
      env: { EM_REGISTER_HOST_URL: realmd.url, EM_REGISTER_HOST_TOKEN: realmd.token },
      logger,
    });
    const admin = await api.adminSession();
    await eventually("the configured host", async () => {
      const { hosts } = HostListSchema.parse(await (await admin.get("/api/hosts")).json());
      return hosts.length === 1;
    });
    await admin.post("/api/hosts", { url: realmd.url, token: realmd.token });
    await api.session().login("admin", "a-wrong-password");
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(logged).toContain("host registered");
    expect(logged).not.toContain(realmd.token);
    expect(logged).not.toContain(TEST_ADMIN_PASSWORD);
    expect(logged).not.toContain("a-wrong-password");
    expect(logged).not.toContain((admin.cookie ?? "").split("=")[1] ?? "<no cookie>");
  });
});
