import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { startApp, type AppProcess } from "./app-process.js";
import { freePort } from "./free-port.js";
import { natsServerBin, repoRoot } from "./paths.js";

export const realmdEntry = join(repoRoot, "apps", "realmd", "src", "main.ts");

/** A realmd process on a free loopback port, with its own data folder and token. */
export interface RealmdProcess extends AppProcess {
  readonly url: string;
  readonly token: string;
  readonly dataDir: string;
  /** Calls realmd's control API with the token. */
  request(method: string, path: string, body?: unknown): Promise<Response>;
}

export interface StartRealmdOptions {
  dataDir: string;
  /** Reuse a port and token, e.g. to restart realmd over the same data folder. */
  port?: number;
  token?: string;
  env?: Record<string, string>;
}

export async function startRealmd(options: StartRealmdOptions): Promise<RealmdProcess> {
  const port = options.port ?? (await freePort());
  const token = options.token ?? randomBytes(24).toString("hex");
  const url = `http://127.0.0.1:${port}`;
  const request = (method: string, path: string, body?: unknown) =>
    fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(15_000),
    });
  const app = await startApp({
    label: "realmd",
    entry: realmdEntry,
    env: {
      REALMD_HOST: "127.0.0.1",
      REALMD_PORT: String(port),
      REALMD_DATA_DIR: options.dataDir,
      REALMD_TOKEN: token,
      NATS_SERVER_BIN: natsServerBin(),
      REALMD_LOG_LEVEL: "warn",
      ...options.env,
    },
    ready: async () => (await request("GET", "/v1/health")).ok,
  });
  return Object.assign(app, { url, token, dataDir: options.dataDir, request });
}
