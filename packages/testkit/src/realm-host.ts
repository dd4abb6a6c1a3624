import { readFileSync, readdirSync } from "node:fs";
import { HostedRealmListSchema, HostedRealmSchema, type HostedRealm } from "@em/contracts";
import { freePorts } from "./free-port.js";
import { startRealmd, type RealmdProcess } from "./realmd-process.js";

/**
 * A real realmd with helpers to create realms on free ports, crash and restart it, and to clean
 * up every realm it ran: realms are detached from realmd, so stopping realmd alone could leave
 * one running (or paused) after a test.
 */
export interface RealmHost extends AsyncDisposable {
  readonly realmd: RealmdProcess;
  readonly url: string;
  readonly token: string;
  /** SIGKILLs realmd alone: its realms keep running, as after a crash. */
  crash(): Promise<void>;
  /** Starts realmd again on the same port, token and data folder; it adopts its realms. */
  restart(): Promise<void>;
  /** Creates and starts a realm on free ports; `clusterPort` gives it a route port too. */
  createRealm(name: string, options?: CreateRealmOptions): Promise<HostedRealm>;
  hostedRealm(name: string): Promise<HostedRealm>;
  /** Stops realmd (and with it its realms), making sure no realm outlives the test. */
  stop(): Promise<void>;
}

export interface CreateRealmOptions {
  /** The realm's route port for when it joins a cluster; none by default. */
  clusterPort?: number;
  /** Give the realm TLS interfaces (nsps, nhps) on free ports, certified by realmd's local CA. */
  tls?: boolean;
}

export async function startRealmHost(
  dataDir: string,
  options: { /** Extra REALMD_* variables, e.g. a log level. */ env?: Record<string, string> } = {},
): Promise<RealmHost> {
  const env = options.env ?? {};
  let realmd = await startRealmd({ dataDir, env });
  // A test process that ends without stop() (a hook timed out, a worker torn down) would leave
  // its realms running for good: they are detached from realmd. Kill them as the process exits.
  const killOnExit = () => killRealmsUnder(dataDir);
  process.once("exit", killOnExit);
  const pids = new Set<number>();
  const hostedRealm = async (name: string) => {
    const realm = HostedRealmSchema.parse(
      await (await realmd.request("GET", `/v1/realms/${name}`)).json(),
    );
    if (realm.process.pid !== null) pids.add(realm.process.pid);
    return realm;
  };
  const stop = async () => {
    const listed = await realmd
      .request("GET", "/v1/realms")
      .then(async (response) => HostedRealmListSchema.parse(await response.json()).realms)
      .catch(() => []);
    for (const realm of listed) if (realm.process.pid !== null) pids.add(realm.process.pid);
    for (const pid of pids) signal(pid, "SIGCONT");
    await realmd.stop();
    // Only what is still a nats-server: a pid may have been reused since.
    for (const pid of pids) if (isNatsServer(pid)) signal(pid, "SIGKILL");
    process.off("exit", killOnExit);
  };
  return {
    get realmd() {
      return realmd;
    },
    url: realmd.url,
    token: realmd.token,
    async crash() {
      await realmd.kill();
    },
    async restart() {
      await realmd.stop();
      realmd = await startRealmd({
        dataDir,
        port: Number(new URL(realmd.url).port),
        token: realmd.token,
        env,
      });
    },
    async createRealm(name, options = {}) {
      const [nspPort, nhpPort, monitorPort] = await freePorts(3);
      const response = await realmd.request("POST", "/v1/realms", {
        name,
        nspPort,
        nhpPort,
        monitorPort,
        ...(options.clusterPort === undefined ? {} : { clusterPort: options.clusterPort }),
        ...(options.tls
          ? await freePorts(2).then(([nspsPort, nhpsPort]) => ({ nspsPort, nhpsPort }))
          : {}),
      });
      if (response.status !== 201)
        throw new Error(`creating ${name}: ${response.status} ${await response.text()}`);
      return hostedRealm(name);
    },
    hostedRealm,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

/**
 * SIGKILLs every nats-server whose config lies under `dataDir`, found in /proc: synchronous, so
 * it can run in an exit handler, and it finds realms realmd restarted under new pids.
 */
function killRealmsUnder(dataDir: string): void {
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      if (
        args.some((arg) => arg.endsWith("nats-server")) &&
        args.some((arg) => arg.startsWith(`${dataDir}/`))
      )
        signal(Number(entry), "SIGKILL");
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
}

function isNatsServer(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("nats-server");
  } catch {
    return false;
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}
