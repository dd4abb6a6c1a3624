import { readFile } from "node:fs/promises";
import { join } from "node:path";
import {
  HostedRealmSchema,
  REALMD_PATHS,
  RealmMonitorSchema,
  type HostedRealm,
} from "@em/contracts";
import { freePort, freePorts, startRealmd, tempDir, type RealmdProcess } from "@em/testkit";
import { afterEach, describe, expect, it } from "vitest";

/** Everything a test started, stopped afterwards by pid whatever happened. */
const realmds: RealmdProcess[] = [];
const realmPids = new Set<number>();

async function launch(
  dataDir: string,
  port: number,
  token: string,
  env: Record<string, string> = {},
): Promise<RealmdProcess> {
  const realmd = await startRealmd({ dataDir, port, token, env });
  realmds.push(realmd);
  return realmd;
}

async function getRealm(realmd: RealmdProcess, name: string): Promise<HostedRealm> {
  const response = await realmd.request("GET", REALMD_PATHS.realm(name));
  expect(response.status).toBe(200);
  const realm = HostedRealmSchema.parse(await response.json());
  if (realm.process.pid !== null) realmPids.add(realm.process.pid);
  return realm;
}

async function createRealm(realmd: RealmdProcess, name: string): Promise<HostedRealm> {
  const [nspPort, nhpPort, monitorPort] = await freePorts(3);
  const response = await realmd.request("POST", REALMD_PATHS.realms, {
    name,
    nspPort,
    nhpPort,
    monitorPort,
  });
  expect(response.status, await response.clone().text()).toBe(201);
  const realm = HostedRealmSchema.parse(await response.json());
  if (realm.process.pid !== null) realmPids.add(realm.process.pid);
  return realm;
}

async function act(realmd: RealmdProcess, name: string, action: string): Promise<HostedRealm> {
  const response = await realmd.request("POST", REALMD_PATHS.realmAction(name, action));
  expect(response.status, await response.clone().text()).toBe(200);
  return HostedRealmSchema.parse(await response.json());
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  return true;
}

afterEach(async () => {
  for (const realmd of realmds.splice(0)) await realmd.kill();
  for (const pid of realmPids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  realmPids.clear();
});

describe("realmd restarts", () => {
  it("realmd - after a SIGKILL of realmd its realm keeps running and is re-adopted with the same pid", async () => {
    await using dir = await tempDir("realmd-restart");
    const port = await freePort();
    const token = "restart-token-0123456789";
    const first = await launch(dir.path, port, token);
    const created = await createRealm(first, "survivor");
    const pid = created.process.pid ?? 0;

    await first.kill();
    expect(isAlive(pid)).toBe(true);

    const second = await launch(dir.path, port, token);
    const adopted = await getRealm(second, "survivor");
    expect(adopted.process).toMatchObject({
      state: "running",
      pid,
      startedAt: created.process.startedAt,
    });
    const monitor = RealmMonitorSchema.parse(
      await (await second.request("GET", REALMD_PATHS.realmMonitor("survivor"))).json(),
    );
    expect(monitor.sample?.serverName).toBe("survivor");

    // Actions reach an adopted realm by pid, and its end is noticed without an exit event.
    expect((await act(second, "survivor", "pause")).process.state).toBe("paused");
    expect((await act(second, "survivor", "resume")).process.state).toBe("running");
    process.kill(pid, "SIGKILL");
    const deadline = Date.now() + 5_000;
    let realm = await getRealm(second, "survivor");
    while (realm.process.state !== "crashed" && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      realm = await getRealm(second, "survivor");
    }
    expect(realm.process).toMatchObject({
      state: "crashed",
      pid: null,
      lastExit: { expected: false },
    });
  });

  it("realmd - a SIGTERM of realmd stops its realms, and the next realmd starts them again", async () => {
    await using dir = await tempDir("realmd-restart");
    const port = await freePort();
    const token = "restart-token-0123456789";
    const first = await launch(dir.path, port, token);
    const running = await createRealm(first, "comeback");
    const idle = await createRealm(first, "idle");
    await act(first, "idle", "stop");

    await first.stop();
    expect(first.child.exitCode).toBe(0);
    expect(isAlive(running.process.pid ?? 0)).toBe(false);
    const stored = await readFile(join(dir.path, "realms.json"), "utf8");
    expect(stored).toContain('"desiredState": "running"');

    const second = await launch(dir.path, port, token);
    const back = await getRealm(second, "comeback");
    expect(back).toMatchObject({ desiredState: "running", process: { state: "running" } });
    expect(back.process.pid).not.toBe(running.process.pid);
    const stillIdle = await getRealm(second, "idle");
    expect(stillIdle).toMatchObject({ desiredState: "stopped", process: { state: "stopped" } });
    expect(idle.ports).toEqual(stillIdle.ports);
  });

  it("realmd - with REALMD_KEEP_REALMS_ON_EXIT a SIGTERM leaves realms running for the next realmd", async () => {
    await using dir = await tempDir("realmd-restart");
    const port = await freePort();
    const token = "restart-token-0123456789";
    const keep = { REALMD_KEEP_REALMS_ON_EXIT: "true" };
    const first = await launch(dir.path, port, token, keep);
    const created = await createRealm(first, "lingering");
    const pid = created.process.pid ?? 0;

    await first.stop();
    expect(first.child.exitCode).toBe(0);
    expect(isAlive(pid)).toBe(true);

    const second = await launch(dir.path, port, token);
    const adopted = await getRealm(second, "lingering");
    expect(adopted.process).toMatchObject({ state: "running", pid });
    // Not realmd's child any more, yet a graceful stop still reaches it and waits for its end.
    const stopped = await act(second, "lingering", "stop");
    expect(stopped.process).toMatchObject({
      state: "stopped",
      pid: null,
      lastExit: { expected: true },
    });
  });
});
