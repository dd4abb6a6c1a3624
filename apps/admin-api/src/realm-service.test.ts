import { createServer, type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ApiErrorBodySchema,
  HostListSchema,
  HostSchema,
  RealmListSchema,
  RealmSummarySchema,
  type RealmSummary,
} from "@em/contracts";
import {
  eventually,
  freePorts,
  type HttpSession,
  type RealmHost,
  startRealmHost,
  tempDir,
  type TempDir,
} from "@em/testkit";
import { startTestAdminApi, type TestAdminApi } from "./testing/test-admin-api.js";

describe("realms through the admin API, against a real realmd", () => {
  let dir: TempDir;
  let realmd: RealmHost;
  let api: TestAdminApi;
  let admin: HttpSession;
  let hostId: string;

  async function listRealms() {
    const started = performance.now();
    const response = await admin.get("/api/realms");
    const elapsedMs = performance.now() - started;
    expect(response.status).toBe(200);
    const { realms } = RealmListSchema.parse(await response.json());
    const byName = (name: string) => realms.find((realm) => realm.name === name);
    return { realms, elapsedMs, byName };
  }

  async function realm(name: string): Promise<RealmSummary> {
    return RealmSummarySchema.parse(await (await admin.get(`/api/realms/${name}`)).json());
  }

  const allOnline = async (count: number) =>
    eventually(`${count} realms online`, async () => {
      const listed = await listRealms();
      return listed.realms.length === count &&
        listed.realms.every((r) => r.status === "online" && !r.stale)
        ? listed
        : null;
    });

  beforeAll(async () => {
    dir = await tempDir("realms");
    realmd = await startRealmHost(`${dir.path}/realmd`);
    for (const name of ["realm1", "realm2", "realm3"]) await realmd.createRealm(name);
    api = await startTestAdminApi({ dataDir: `${dir.path}/admin-api` });
    admin = await api.adminSession();
    const response = await admin.post("/api/hosts", {
      url: realmd.url,
      token: realmd.token,
      name: "local",
    });
    hostId = HostSchema.parse(await response.json()).id;
  });

  afterAll(async () => {
    await api?.close();
    await realmd?.stop();
    await dir?.[Symbol.asyncDispose]();
  });

  it("lists every realm online with RNAMEs, versions and rates", async () => {
    const { realms } = await allOnline(3);
    const hosted = await realmd.hostedRealm("realm1");
    const realm1 = realms.find((r) => r.name === "realm1");
    expect(realm1).toMatchObject({
      hostId,
      hostName: "local",
      processState: "running",
      problem: null,
      rnames: [`nsp://127.0.0.1:${hosted.ports.nsp}`, `nhp://127.0.0.1:${hosted.ports.nhp}`],
    });
    expect(realm1?.version).toMatch(/^2\.\d+\.\d+/);
    const withRates = await eventually("rates after two samples", async () => {
      const again = await realm("realm1");
      return again.metrics?.messagesIn.perSecond !== null ? again : null;
    });
    expect(withRates.metrics?.messagesIn.perSecond).toBeGreaterThanOrEqual(0);
    expect(withRates.uptimeSeconds).toBeGreaterThanOrEqual(0);
  });

  it("creates a realm on a host and answers 201 with it online", async () => {
    const [nspPort, nhpPort, monitorPort] = await freePorts(3);
    const response = await admin.post("/api/realms", {
      hostId,
      name: "realm4",
      nspPort,
      nhpPort,
      monitorPort,
    });
    expect(response.status, await response.clone().text()).toBe(201);
    const created = RealmSummarySchema.parse(await response.json());
    expect(created).toMatchObject({
      name: "realm4",
      hostId,
      status: "online",
      rnames: [`nsp://127.0.0.1:${nspPort}`, `nhp://127.0.0.1:${nhpPort}`],
    });
    expect((await listRealms()).byName("realm4")?.status).toBe("online");
  });

  it("refuses a realm name that exists anywhere in the console with 409", async () => {
    const [nspPort, nhpPort, monitorPort] = await freePorts(3);
    const response = await admin.post("/api/realms", {
      hostId,
      name: "realm2",
      nspPort,
      nhpPort,
      monitorPort,
    });
    expect(response.status).toBe(409);
    const { error } = ApiErrorBodySchema.parse(await response.json());
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toMatch(/realm2.*already exists on host "local"/);
  });

  it("passes realmd's CONFLICT through when a port belongs to another realm", async () => {
    const taken = (await realmd.hostedRealm("realm1")).ports.nsp;
    const [nhpPort, monitorPort] = await freePorts(2);
    const response = await admin.post("/api/realms", {
      hostId,
      name: "realm5",
      nspPort: taken,
      nhpPort,
      monitorPort,
    });
    expect(response.status).toBe(409);
    const { error } = ApiErrorBodySchema.parse(await response.json());
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toMatch(new RegExp(`${taken}.*realm1`));
  });

  it("passes realmd's PORT_IN_USE through when another process holds a port", async () => {
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, "127.0.0.1", resolve));
    try {
      const taken = (squatter.address() as AddressInfo).port;
      const [nhpPort, monitorPort] = await freePorts(2);
      const response = await admin.post("/api/realms", {
        hostId,
        name: "realm5",
        nspPort: taken,
        nhpPort,
        monitorPort,
      });
      expect(response.status).toBe(409);
      const { error } = ApiErrorBodySchema.parse(await response.json());
      expect(error.code).toBe("PORT_IN_USE");
      expect(error.message).toContain(String(taken));
    } finally {
      squatter.close();
    }
  });

  it("passes realmd's INVALID_STATE through for an action the realm's state does not allow", async () => {
    const response = await admin.post("/api/realms/realm3/actions/resume");
    expect(response.status).toBe(409);
    expect(ApiErrorBodySchema.parse(await response.json()).error.code).toBe("INVALID_STATE");
  });

  it("kill - answers the realm offline with the signal and time, and start brings it back", async () => {
    const killed = await admin.post("/api/realms/realm4/actions/kill");
    expect(killed.status).toBe(200);
    const summary = RealmSummarySchema.parse(await killed.json());
    expect(summary.status).toBe("offline");
    expect(summary.problem).toMatch(/^killed \(SIGKILL\) .*at \d{4}-/);
    expect(summary.uptimeSeconds).toBeNull();

    const started = RealmSummarySchema.parse(
      await (await admin.post("/api/realms/realm4/actions/start")).json(),
    );
    expect(started.status).toBe("online");
    expect(started.problem).toBeNull();
  });

  it("pause and resume through the API: unresponsive, then online", async () => {
    const paused = RealmSummarySchema.parse(
      await (await admin.post("/api/realms/realm4/actions/pause")).json(),
    );
    expect(paused).toMatchObject({ status: "unresponsive", processState: "paused" });
    expect(paused.problem).toMatch(/paused/);
    const resumed = RealmSummarySchema.parse(
      await (await admin.post("/api/realms/realm4/actions/resume")).json(),
    );
    expect(resumed).toMatchObject({ status: "online", processState: "running" });
  });

  it("answers within 1 s while a realm is frozen behind realmd's back, marking only it unresponsive", async () => {
    await allOnline(4);
    const pid = (await realmd.hostedRealm("realm2")).process.pid as number;
    process.kill(pid, "SIGSTOP");
    try {
      const listed = await eventually("realm2 unresponsive", async () => {
        const result = await listRealms();
        expect(result.elapsedMs).toBeLessThan(1000);
        return result.byName("realm2")?.status === "unresponsive" ? result : null;
      });
      expect(listed.byName("realm2")?.problem).toMatch(/within/);
      for (let i = 0; i < 4; i++) {
        const again = await listRealms();
        expect(again.elapsedMs).toBeLessThan(1000);
        for (const name of ["realm1", "realm3", "realm4"]) {
          expect(again.byName(name), name).toMatchObject({ status: "online", stale: false });
        }
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    } finally {
      process.kill(pid, "SIGCONT");
    }
    await eventually(
      "realm2 online again",
      async () => (await realm("realm2")).status === "online",
    );
  });

  it("shows realms unknown with their last metrics while their host is down, and recovers", async () => {
    await allOnline(4);
    await realmd.crash();
    const { realms } = await eventually("every realm unknown", async () => {
      const listed = await listRealms();
      return listed.realms.every((r) => r.status === "unknown") ? listed : null;
    });
    for (const r of realms) {
      expect(r).toMatchObject({ stale: true, processState: null });
      expect(r.metrics, r.name).not.toBeNull();
      expect(r.problem).toMatch(/unreachable/);
    }
    // A realm's own poll may notice the host is gone before the host's poll does.
    const host = await eventually("host unreachable", async () => {
      const { hosts } = HostListSchema.parse(await (await admin.get("/api/hosts")).json());
      return hosts[0]?.status === "unreachable" ? hosts[0] : null;
    });
    expect(host.problem).toContain(realmd.url);

    await realmd.restart();
    await allOnline(4);
    const after = HostListSchema.parse(await (await admin.get("/api/hosts")).json()).hosts[0];
    expect(after).toMatchObject({ status: "online", problem: null, realmCount: 4 });
  });
});
