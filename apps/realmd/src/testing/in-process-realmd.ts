import type { Server } from "node:http";
import { natsServerBin, type TempDir } from "@em/testkit";
import { pino } from "pino";
import { createRealmdApp } from "../create-realmd-app.js";
import { RealmManager, type RealmManagerOptions } from "../realm-manager.js";

/** The bearer token the in-process realmd accepts. */
export const TEST_TOKEN = "test-token-0123456789abcdef";

/** @default 20_000 */
const DEFAULT_REQUEST_TIMEOUT_MS = 20_000;

export interface InProcessRealmdOptions {
  /** Overrides for the realm manager, e.g. an engine that does not exist. */
  manager?: Partial<RealmManagerOptions>;
  /** How long one request may take before it is aborted. @default 20_000 */
  requestTimeoutMs?: number;
}

/** realmd's app and manager in this process, over real nats-server realms, on a loopback port. */
export interface InProcessRealmd {
  readonly url: string;
  /** realmd's data folder; starting again over the same one is a realmd restart. */
  readonly dir: TempDir;
  readonly manager: RealmManager;
  readonly server: Server;
  /**
   * Calls realmd's API with the test token, unless `headers` replaces it ({} sends none). An
   * object body goes as JSON; a string body goes as is, so a test can send malformed JSON.
   */
  request(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Response>;
  /** Stops the manager, then the API; the realms keep running unless `stopRealms`. */
  close(options: { stopRealms: boolean }): Promise<void>;
}

export async function startInProcessRealmd(
  dir: TempDir,
  options: InProcessRealmdOptions = {},
): Promise<InProcessRealmd> {
  const logger = pino({ level: "silent" });
  const manager = await RealmManager.open({
    dataDir: dir.path,
    engineCandidates: [natsServerBin()],
    logger,
    stopGraceMs: 5_000,
    ...options.manager,
  });
  await manager.restore();
  const app = createRealmdApp({ manager, token: TEST_TOKEN, logger, version: "test" });
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no address");
  const url = `http://127.0.0.1:${address.port}`;
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;

  return {
    url,
    dir,
    manager,
    server,
    request(method, path, body, headers = { authorization: `Bearer ${TEST_TOKEN}` }) {
      return fetch(`${url}${path}`, {
        method,
        headers: {
          ...headers,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined
          ? {}
          : { body: typeof body === "string" ? body : JSON.stringify(body) }),
        signal: AbortSignal.timeout(requestTimeoutMs),
      });
    },
    async close({ stopRealms }) {
      await manager.shutdown({ stopRealms });
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
