import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import {
  freePort,
  startAdminApi,
  startRealmHost,
  tempDir,
  type AdminApiProcess,
  type RealmHost,
  type StartAdminApiOptions,
  type TempDir,
} from "@em/testkit";

/** What `npm start` runs, on free ports and temporary folders: realmd, its realms, admin-api. */
export interface LocalStack extends AsyncDisposable {
  readonly dir: TempDir;
  readonly host: RealmHost;
  readonly adminApi: AdminApiProcess;
  readonly realmNames: string[];
  /** Starts the admin API again on the same port and data folder. */
  restartAdminApi(): Promise<void>;
  /** The last lines each process logged, realms included: for a failing test to print. */
  logTails(lines?: number): Promise<string>;
}

/**
 * Starts realmd with `realms` realms (realm1…) and an admin API that registers it.
 * Whatever started is stopped again if a later step fails, so no realm outlives the test.
 */
export async function startLocalStack(options: {
  realms: number;
  webDist?: string;
  /** Give every realm a free cluster route port, so it can join a cluster. */
  clusterPorts?: boolean;
  /** Give every realm TLS interfaces (nsps, nhps) certified by realmd's local CA. */
  tls?: boolean;
  /** Log level of realmd and the admin API (default: warn), e.g. "debug" to read all they log. */
  logLevel?: string;
}): Promise<LocalStack> {
  const cleanups: (() => Promise<void>)[] = [];
  const disposeAll = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const dir = await tempDir("stack");
    cleanups.push(async () => dir[Symbol.asyncDispose]());
    const host = await startRealmHost(
      `${dir.path}/realmd`,
      options.logLevel ? { env: { REALMD_LOG_LEVEL: options.logLevel } } : {},
    );
    cleanups.push(() => host.stop());
    const realmNames = Array.from({ length: options.realms }, (_, i) => `realm${i + 1}`);
    for (const name of realmNames) {
      await host.createRealm(name, {
        ...(options.clusterPorts ? { clusterPort: await freePort() } : {}),
        ...(options.tls ? { tls: true } : {}),
      });
    }

    const adminOptions: StartAdminApiOptions = {
      dataDir: `${dir.path}/admin-api`,
      registerHost: { url: host.url, token: host.token },
      ...(options.webDist ? { webDist: options.webDist } : {}),
      ...(options.logLevel ? { env: { EM_LOG_LEVEL: options.logLevel } } : {}),
    };
    let adminApi = await startAdminApi(adminOptions);
    cleanups.push(() => adminApi.stop());

    return {
      dir,
      host,
      realmNames,
      get adminApi() {
        return adminApi;
      },
      async restartAdminApi() {
        const port = Number(new URL(adminApi.url).port);
        await adminApi.stop();
        adminApi = await startAdminApi({ ...adminOptions, port });
      },
      async logTails(lines = 30) {
        const tail = (text: string) => text.trimEnd().split("\n").slice(-lines).join("\n");
        const realmLogs = await Promise.all(
          realmNames.map(async (name) => {
            const log = await readFile(
              join(dir.path, "realmd", "realms", name, "nats.log"),
              "utf8",
            ).catch((error: unknown) => `(no log: ${String(error)})`);
            return `--- ${name} nats.log\n${tail(log)}`;
          }),
        );
        // Realms another test left running could route into this stack's cluster.
        let engines: string;
        try {
          engines = execFileSync("pgrep", ["-a", "nats-server"], { encoding: "utf8" });
        } catch {
          engines = "(none)";
        }
        return [
          `--- nats-server processes on this machine\n${engines.trimEnd()}`,
          `--- realmd\n${tail(host.realmd.output())}`,
          `--- admin-api\n${tail(adminApi.output())}`,
          ...realmLogs,
        ].join("\n");
      },
      [Symbol.asyncDispose]: disposeAll,
    };
  } catch (error) {
    await disposeAll();
    throw error;
  }
}
