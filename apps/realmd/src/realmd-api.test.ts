import { chmod, readFile, stat, writeFile } from "node:fs/promises";
import { createServer, type Server as TcpServer } from "node:net";
import { join } from "node:path";
import {
  ApiErrorBodySchema,
  HostedRealmListSchema,
  HostedRealmSchema,
  REALMD_PATHS,
  RealmMonitorSchema,
  RealmdHealthSchema,
  type HostedRealm,
} from "@em/contracts";
import { freePorts, natsServerBin, tempDir } from "@em/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RealmManagerOptions } from "./realm-manager.js";
import { startInProcessRealmd, type InProcessRealmd } from "./testing/in-process-realmd.js";

/** realmd's app and manager in this process, over real nats-server realms. */
let harness: InProcessRealmd | undefined;
/** Every realm pid a test saw, killed afterwards whatever happened. */
const pids = new Set<number>();

async function startHarness(options: Partial<RealmManagerOptions> = {}): Promise<InProcessRealmd> {
  harness = await startInProcessRealmd(await tempDir("realmd-api"), { manager: options });
  return harness;
}

async function request(
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
): Promise<Response> {
  if (!harness) throw new Error("no harness");
  return harness.request(method, path, body, headers);
}

async function json<T>(response: Response, schema: { parse(value: unknown): T }): Promise<T> {
  return schema.parse(await response.json());
}

function track(realm: HostedRealm): HostedRealm {
  if (realm.process.pid !== null) pids.add(realm.process.pid);
  return realm;
}

async function createRealm(name: string, extra: Record<string, unknown> = {}) {
  const [nspPort, nhpPort, monitorPort] = await freePorts(3);
  const response = await request("POST", REALMD_PATHS.realms, {
    name,
    nspPort,
    nhpPort,
    monitorPort,
    ...extra,
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return track(await json(response, HostedRealmSchema));
}

async function action(name: string, verb: string): Promise<Response> {
  return request("POST", REALMD_PATHS.realmAction(name, verb));
}

async function expectError(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  const body = await json(response, ApiErrorBodySchema);
  expect(body.error.code).toBe(code);
  return body.error;
}

async function waitFor<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function holdPort(port: number): Promise<TcpServer> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

beforeEach(() => {
  pids.clear();
});

afterEach(async () => {
  const current = harness;
  harness = undefined;
  await current?.close({ stopRealms: true });
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  await current?.dir[Symbol.asyncDispose]();
});

describe("realmd API", () => {
  it("realmd - answers 401 without the bearer token or with a wrong one", async () => {
    await startHarness();
    await expectError(
      await request("GET", REALMD_PATHS.health, undefined, {}),
      401,
      "UNAUTHENTICATED",
    );
    const wrong = { authorization: "Bearer not-the-token-0123456789" };
    await expectError(
      await request("GET", REALMD_PATHS.realms, undefined, wrong),
      401,
      "UNAUTHENTICATED",
    );
    await expectError(await request("GET", "/v1/nowhere", undefined, {}), 401, "UNAUTHENTICATED");
    const health = await json(await request("GET", REALMD_PATHS.health), RealmdHealthSchema);
    expect(health).toMatchObject({
      status: "ok",
      realmCount: 0,
      engine: { path: natsServerBin() },
    });
  });

  it("realmd - answers 404 for an unknown realm or route", async () => {
    await startHarness();
    await expectError(await request("GET", REALMD_PATHS.realm("ghost")), 404, "NOT_FOUND");
    await expectError(await action("ghost", "start"), 404, "NOT_FOUND");
    await expectError(await request("GET", REALMD_PATHS.realmMonitor("ghost")), 404, "NOT_FOUND");
    await expectError(await request("DELETE", REALMD_PATHS.realm("ghost")), 404, "NOT_FOUND");
    await expectError(await request("GET", "/v1/nowhere"), 404, "NOT_FOUND");
  });

  it("realmd - answers 400 with field issues for bad bodies and parameters", async () => {
    await startHarness();
    const malformed = await expectError(
      await request("POST", REALMD_PATHS.realms, '{"name":'),
      400,
      "VALIDATION",
    );
    expect(malformed.message).toMatch(/not valid JSON/);

    const invalid = await expectError(
      await request("POST", REALMD_PATHS.realms, { name: "1bad", nspPort: 80, nhpPort: "x" }),
      400,
      "VALIDATION",
    );
    const paths = (invalid.details?.["issues"] as { path: string }[]).map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(["name", "nspPort", "nhpPort", "monitorPort"]));

    const samePort = await expectError(
      await request("POST", REALMD_PATHS.realms, {
        name: "twice",
        nspPort: 20001,
        nhpPort: 20001,
        monitorPort: 20002,
      }),
      400,
      "VALIDATION",
    );
    expect(samePort.message).toMatch(/a different port for each interface/);

    await expectError(
      await request("POST", REALMD_PATHS.realms, {
        name: "badhost",
        nspPort: 20001,
        nhpPort: 20002,
        monitorPort: 20003,
        bindHost: 'evil" }',
      }),
      400,
      "VALIDATION",
    );
    await expectError(await request("POST", REALMD_PATHS.realms), 400, "VALIDATION");
    await expectError(await action("realm1", "explode"), 400, "VALIDATION");
    await expectError(
      await request("GET", `${REALMD_PATHS.realmMonitor("realm1")}?timeoutMs=99999`),
      400,
      "VALIDATION",
    );
    const huge = JSON.stringify({ name: "x".repeat(100_000) });
    await expectError(await request("POST", REALMD_PATHS.realms, huge), 413, "PAYLOAD_TOO_LARGE");
  });

  it("realmd - creates and starts a realm whose monitor returns a sample", async () => {
    const { dir } = await startHarness();
    const realm = await createRealm("alpha");
    expect(realm).toMatchObject({
      name: "alpha",
      bindHost: "127.0.0.1",
      desiredState: "running",
      dataDir: join(dir.path, "realms", "alpha"),
      process: { state: "running", lastError: null },
    });
    expect(realm.process.pid).toBeGreaterThan(0);

    const monitor = await json(
      await request("GET", REALMD_PATHS.realmMonitor("alpha")),
      RealmMonitorSchema,
    );
    expect(monitor.problem).toBeNull();
    expect(monitor.sample).toMatchObject({ serverName: "alpha", connections: 0 });
    expect(monitor.sample?.version).toMatch(/^2\.1/);

    const list = await json(await request("GET", REALMD_PATHS.realms), HostedRealmListSchema);
    expect(list.realms.map((r) => r.name)).toEqual(["alpha"]);

    // The realm's secrets stay on disk, readable by realmd's user only, and never on the wire.
    const stored = JSON.parse(await readFile(join(dir.path, "realms.json"), "utf8")) as {
      realms: { credentials: { systemPassword: string } }[];
    };
    const password = stored.realms[0]?.credentials.systemPassword ?? "";
    expect(password.length).toBeGreaterThanOrEqual(16);
    expect(JSON.stringify(list)).not.toContain(password);
    expect((await stat(join(dir.path, "realms.json"))).mode & 0o777).toBe(0o600);
    expect((await stat(join(realm.dataDir, "nats.conf"))).mode & 0o777).toBe(0o600);
  });

  it("realmd - a paused realm's monitor answers within a second with a timeout; resume brings it back", async () => {
    await startHarness();
    await createRealm("frozen");
    const paused = await json(await action("frozen", "pause"), HostedRealmSchema);
    expect(paused.process.state).toBe("paused");
    expect(paused.desiredState).toBe("running");

    const began = Date.now();
    const monitor = await json(
      await request("GET", REALMD_PATHS.realmMonitor("frozen")),
      RealmMonitorSchema,
    );
    expect(Date.now() - began).toBeLessThan(1_000);
    expect(monitor.problem?.kind).toBe("timeout");
    expect(monitor.process.state).toBe("paused");

    await expectError(await action("frozen", "pause"), 409, "INVALID_STATE");
    const resumed = await json(await action("frozen", "resume"), HostedRealmSchema);
    expect(resumed.process.state).toBe("running");
    const after = await json(
      await request("GET", REALMD_PATHS.realmMonitor("frozen")),
      RealmMonitorSchema,
    );
    expect(after.sample?.serverName).toBe("frozen");
  });

  it("realmd - kill leaves the realm stopped with lastExit SIGKILL, expected", async () => {
    await startHarness();
    await createRealm("victim");
    const killed = await json(await action("victim", "kill"), HostedRealmSchema);
    expect(killed.desiredState).toBe("stopped");
    expect(killed.process).toMatchObject({
      state: "stopped",
      pid: null,
      lastExit: { signal: "SIGKILL", expected: true },
    });
    const monitor = await json(
      await request("GET", REALMD_PATHS.realmMonitor("victim")),
      RealmMonitorSchema,
    );
    expect(monitor.problem?.kind).toBe("not-running");

    const invalid = await expectError(await action("victim", "kill"), 409, "INVALID_STATE");
    expect(invalid.message).toMatch(/it is stopped/);
    await expectError(await action("victim", "pause"), 409, "INVALID_STATE");
    await expectError(await action("victim", "resume"), 409, "INVALID_STATE");
  });

  it("realmd - reports a realm that exits on its own as crashed and does not restart it", async () => {
    await startHarness();
    const realm = await createRealm("fragile");
    process.kill(realm.process.pid ?? 0, "SIGKILL");

    const crashed = await waitFor(
      async () => json(await request("GET", REALMD_PATHS.realm("fragile")), HostedRealmSchema),
      (r) => r.process.state === "crashed",
    );
    expect(crashed.process).toMatchObject({
      state: "crashed",
      pid: null,
      lastExit: { signal: "SIGKILL", expected: false },
    });
    expect(crashed.desiredState).toBe("running");
    await new Promise((resolve) => setTimeout(resolve, 700));
    const later = await json(
      await request("GET", REALMD_PATHS.realm("fragile")),
      HostedRealmSchema,
    );
    expect(later.process.state).toBe("crashed");

    const restarted = track(await json(await action("fragile", "start"), HostedRealmSchema));
    expect(restarted.process.state).toBe("running");
  });

  it("realmd - stops, starts and restarts a realm, keeping desiredState in step", async () => {
    await startHarness();
    const realm = await createRealm("cycle");
    const stopped = await json(await action("cycle", "stop"), HostedRealmSchema);
    expect(stopped).toMatchObject({ desiredState: "stopped", process: { state: "stopped" } });
    expect(stopped.process.lastExit?.expected).toBe(true);
    // stop and start are idempotent: asking for the state a realm is in is not an error.
    expect((await action("cycle", "stop")).status).toBe(200);

    const started = track(await json(await action("cycle", "start"), HostedRealmSchema));
    expect(started).toMatchObject({ desiredState: "running", process: { state: "running" } });
    expect(started.process.pid).not.toBe(realm.process.pid);
    expect((await action("cycle", "start")).status).toBe(200);
    await expectError(await action("cycle", "resume"), 409, "INVALID_STATE");

    await action("cycle", "pause");
    await expectError(await action("cycle", "start"), 409, "INVALID_STATE");
    const restarted = track(await json(await action("cycle", "restart"), HostedRealmSchema));
    expect(restarted.process.state).toBe("running");
    expect(restarted.process.pid).not.toBe(started.process.pid);
  });

  it("realmd - refuses a realm on a port already in use with 409 PORT_IN_USE, persisting nothing", async () => {
    const { dir } = await startHarness();
    const [nspPort, nhpPort, monitorPort] = await freePorts(3);
    const squatter = await holdPort(nhpPort ?? 0);
    try {
      const error = await expectError(
        await request("POST", REALMD_PATHS.realms, {
          name: "blocked",
          nspPort,
          nhpPort,
          monitorPort,
        }),
        409,
        "PORT_IN_USE",
      );
      expect(error.message).toContain(`Port ${nhpPort}`);
      expect(error.message).toContain("nhp");
      expect(error.details).toMatchObject({ port: nhpPort, interface: "nhp" });
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
    const list = await json(await request("GET", REALMD_PATHS.realms), HostedRealmListSchema);
    expect(list.realms).toEqual([]);
    await expect(stat(join(dir.path, "realms", "blocked"))).rejects.toThrow(/ENOENT/);
  });

  it("realmd - refuses a duplicate name or another realm's port with 409 CONFLICT", async () => {
    await startHarness();
    const first = await createRealm("taken", { start: false });
    expect(first.process.state).toBe("stopped");
    expect(first.desiredState).toBe("stopped");

    const [a, b, c] = await freePorts(3);
    await expectError(
      await request("POST", REALMD_PATHS.realms, {
        name: "taken",
        nspPort: a,
        nhpPort: b,
        monitorPort: c,
      }),
      409,
      "CONFLICT",
    );
    const clash = await expectError(
      await request("POST", REALMD_PATHS.realms, {
        name: "other",
        nspPort: a,
        nhpPort: b,
        monitorPort: first.ports.monitor,
      }),
      409,
      "CONFLICT",
    );
    expect(clash.message).toMatch(/assigned to realm taken as its monitor port/);
  });

  it("realmd - deletes a realm: its process stops and its definition and folder go", async () => {
    const { dir } = await startHarness();
    const realm = await createRealm("doomed");
    expect((await request("DELETE", REALMD_PATHS.realm("doomed"))).status).toBe(204);
    await expectError(await request("GET", REALMD_PATHS.realm("doomed")), 404, "NOT_FOUND");
    await expect(stat(realm.dataDir)).rejects.toThrow(/ENOENT/);
    expect(() => process.kill(realm.process.pid ?? 0, 0)).toThrow();
    const stored = await readFile(join(dir.path, "realms.json"), "utf8");
    expect(stored).not.toContain("doomed");
  });

  it("realmd - answers ENGINE_UNAVAILABLE with what to install when nats-server is missing", async () => {
    await startHarness({ engineCandidates: ["/nonexistent/nats-server"] });
    const [nspPort, nhpPort, monitorPort] = await freePorts(3);
    const error = await expectError(
      await request("POST", REALMD_PATHS.realms, {
        name: "noengine",
        nspPort,
        nhpPort,
        monitorPort,
      }),
      503,
      "ENGINE_UNAVAILABLE",
    );
    expect(error.message).toMatch(/npm run setup.*NATS_SERVER_BIN/);
    const list = await json(await request("GET", REALMD_PATHS.realms), HostedRealmListSchema);
    expect(list.realms).toEqual([]);
  });

  it("realmd - a realm that dies during start-up fails with its last output and leaves nothing behind", async () => {
    await using fakeDir = await tempDir("fake-engine");
    const [nspPort, nhpPort, monitorPort] = await freePorts(3);
    // Stands in for a nats-server that loses the race for its port after realmd checked it.
    const fake = join(fakeDir.path, "nats-server");
    await writeFile(
      fake,
      [
        "#!/bin/sh",
        'if [ "$1" = "--version" ]; then echo "nats-server: v2.10.27"; exit 0; fi',
        `echo "[FTL] Unable to listen for websocket connections: listen tcp 127.0.0.1:${nhpPort}: bind: address already in use" >&2`,
        "exit 1",
        "",
      ].join("\n"),
    );
    await chmod(fake, 0o755);
    const { dir } = await startHarness({ engineCandidates: [fake] });
    const error = await expectError(
      await request("POST", REALMD_PATHS.realms, { name: "racer", nspPort, nhpPort, monitorPort }),
      409,
      "PORT_IN_USE",
    );
    expect(error.message).toContain(`port ${nhpPort} (nhp, NATS WebSocket)`);
    expect(error.details?.["outputTail"]).toContain("address already in use");
    const list = await json(await request("GET", REALMD_PATHS.realms), HostedRealmListSchema);
    expect(list.realms).toEqual([]);
    await expect(stat(join(dir.path, "realms", "racer"))).rejects.toThrow(/ENOENT/);
  });
});
