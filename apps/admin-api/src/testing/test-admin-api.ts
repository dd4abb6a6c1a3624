import { TEST_ADMIN_PASSWORD, httpSession, type HttpSession } from "@em/testkit";
import { createAdminApi, type AdminApi, type AdminApiOptions } from "../admin-api.js";
import { parseConfig } from "../config.js";

/** An in-process admin API on a free loopback port, for tests. */
export interface TestAdminApi extends AsyncDisposable {
  readonly url: string;
  readonly dataDir: string;
  readonly api: AdminApi;
  /** A new cookie session, not logged in. */
  session(): HttpSession;
  /** A new session logged in as the first admin. */
  adminSession(): Promise<HttpSession>;
  close(): Promise<void>;
}

export interface TestAdminApiOptions extends AdminApiOptions {
  dataDir: string;
  /** Extra EM_* variables; they win over the test defaults. */
  env?: Record<string, string>;
}

export async function startTestAdminApi(options: TestAdminApiOptions): Promise<TestAdminApi> {
  const config = parseConfig({
    EM_HOST: "127.0.0.1",
    EM_PORT: "0",
    EM_DATA_DIR: options.dataDir,
    EM_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
    EM_LOG_LEVEL: "silent",
    EM_POLL_INTERVAL_MS: "300",
    ...options.env,
  });
  const api = await createAdminApi(config, {
    ...(options.logger ? { logger: options.logger } : {}),
    printBanner: options.printBanner ?? (() => {}),
  });
  const url = await api.listen();
  const session = () => httpSession(url);
  return {
    url,
    dataDir: options.dataDir,
    api,
    session,
    async adminSession() {
      const s = session();
      const response = await s.login("admin", TEST_ADMIN_PASSWORD);
      if (!response.ok) throw new Error(`admin login failed: ${response.status}`);
      return s;
    },
    close: () => api.close(),
    [Symbol.asyncDispose]: () => api.close(),
  };
}
