import { join } from "node:path";
import { startApp, type AppProcess } from "./app-process.js";
import { freePort } from "./free-port.js";
import { httpSession, type HttpSession } from "./http-session.js";
import { repoRoot } from "./paths.js";

export const adminApiEntry = join(repoRoot, "apps", "admin-api", "src", "main.ts");

/** The password the test admin user gets (via EM_ADMIN_PASSWORD). */
export const TEST_ADMIN_PASSWORD = "test-admin-password-1234";

/** An admin-api process on a free loopback port with its own SQLite data folder. */
export interface AdminApiProcess extends AppProcess {
  readonly url: string;
  readonly dataDir: string;
  /** A new cookie session, not yet logged in. */
  session(): HttpSession;
  /** A new session logged in as `admin`. */
  adminSession(): Promise<HttpSession>;
}

export interface StartAdminApiOptions {
  dataDir: string;
  port?: number;
  /** A realmd to register at start-up (what `npm start` does for the local host). */
  registerHost?: { url: string; token: string };
  /** Serve a built SPA from this folder. */
  webDist?: string;
  env?: Record<string, string>;
}

export async function startAdminApi(options: StartAdminApiOptions): Promise<AdminApiProcess> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const app = await startApp({
    label: "admin-api",
    entry: adminApiEntry,
    env: {
      EM_HOST: "127.0.0.1",
      EM_PORT: String(port),
      EM_DATA_DIR: options.dataDir,
      EM_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
      EM_LOG_LEVEL: "warn",
      ...(options.registerHost
        ? {
            EM_REGISTER_HOST_URL: options.registerHost.url,
            EM_REGISTER_HOST_TOKEN: options.registerHost.token,
          }
        : {}),
      ...(options.webDist ? { EM_WEB_DIST: options.webDist } : {}),
      ...options.env,
    },
    ready: async () => (await fetch(`${url}/api/health`)).ok,
  });
  const session = () => httpSession(url);
  return Object.assign(app, {
    url,
    dataDir: options.dataDir,
    session,
    async adminSession() {
      const s = session();
      const response = await s.login("admin", TEST_ADMIN_PASSWORD);
      if (!response.ok) throw new Error(`admin login failed: ${response.status}`);
      return s;
    },
  });
}
