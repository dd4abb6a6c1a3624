import {
  freePorts,
  startAdminApi,
  startRealmd,
  tempDir,
  type AdminApiProcess,
  type RealmdProcess,
  type TempDir,
} from "@em/testkit";
import type { HostedRealm } from "@em/contracts";

/** What `npm start` runs, on free ports and temporary folders: realmd, its realms, admin-api. */
export interface LocalStack extends AsyncDisposable {
  readonly dir: TempDir;
  realmd: RealmdProcess;
  adminApi: AdminApiProcess;
  readonly realmNames: string[];
  /** realmd's view of one realm (pid, ports, state). */
  hostedRealm(name: string): Promise<HostedRealm>;
  restartRealmd(mode: "graceful" | "crash"): Promise<void>;
  restartAdminApi(): Promise<void>;
}

export async function startLocalStack(options: {
  realms: number;
  webDist?: string;
}): Promise<LocalStack> {
  const dir = await tempDir("stack");
  const realmdDataDir = `${dir.path}/realmd`;
  const adminDataDir = `${dir.path}/admin-api`;
  let realmd = await startRealmd({ dataDir: realmdDataDir });
  const realmNames: string[] = [];
  for (let n = 1; n <= options.realms; n++) {
    const [nspPort, nhpPort, monitorPort] = await freePorts(3);
    const name = `realm${n}`;
    const response = await realmd.request("POST", "/v1/realms", {
      name,
      nspPort,
      nhpPort,
      monitorPort,
    });
    if (response.status !== 201) {
      throw new Error(`creating ${name} failed: ${response.status} ${await response.text()}`);
    }
    realmNames.push(name);
  }
  const adminOptions = {
    dataDir: adminDataDir,
    registerHost: { url: realmd.url, token: realmd.token },
    ...(options.webDist ? { webDist: options.webDist } : {}),
  };
  let adminApi = await startAdminApi(adminOptions);

  const stack: LocalStack = {
    dir,
    realmNames,
    get realmd() {
      return realmd;
    },
    get adminApi() {
      return adminApi;
    },
    async hostedRealm(name) {
      const response = await realmd.request("GET", `/v1/realms/${name}`);
      return (await response.json()) as HostedRealm;
    },
    async restartRealmd(mode) {
      if (mode === "crash") await realmd.kill();
      else await realmd.stop();
      realmd = await startRealmd({
        dataDir: realmdDataDir,
        port: Number(new URL(realmd.url).port),
        token: realmd.token,
      });
    },
    async restartAdminApi() {
      const port = Number(new URL(adminApi.url).port);
      await adminApi.stop();
      adminApi = await startAdminApi({ ...adminOptions, port });
    },
    async [Symbol.asyncDispose]() {
      await adminApi.stop().catch(() => undefined);
      // Realms are detached from realmd; make sure none outlives the test, even a paused one.
      const pids = await Promise.all(
        realmNames.map((name) =>
          stack
            .hostedRealm(name)
            .then((realm) => realm.process.pid)
            .catch(() => null),
        ),
      );
      await realmd.stop().catch(() => undefined);
      for (const pid of pids) {
        if (pid === null) continue;
        try {
          process.kill(pid, "SIGCONT");
          process.kill(pid, "SIGKILL");
        } catch {
          // already gone
        }
      }
      await dir[Symbol.asyncDispose]();
    },
  };
  return stack;
}

/** Polls `check` every 100 ms until it returns a value, or fails after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
}
