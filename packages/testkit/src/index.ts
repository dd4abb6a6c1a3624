export { freePort, freePorts } from "./free-port.js";
export { tempDir, type TempDir } from "./temp-dir.js";
export { natsServerBin, repoRoot, tsxCli, tsxLoader } from "./paths.js";
export { startApp, type AppProcess, type StartAppOptions } from "./app-process.js";
export {
  realmdEntry,
  startRealmd,
  type RealmdProcess,
  type StartRealmdOptions,
} from "./realmd-process.js";
export {
  TEST_ADMIN_PASSWORD,
  adminApiEntry,
  startAdminApi,
  type AdminApiProcess,
  type StartAdminApiOptions,
} from "./admin-api-process.js";
export { httpSession, type HttpSession } from "./http-session.js";
export { startRealmHost, type CreateRealmOptions, type RealmHost } from "./realm-host.js";
export { eventually } from "./eventually.js";
export {
  checkEventStream,
  describeEventStream,
  type EventStreamReport,
  type ExpectedEvents,
} from "./event-checker.js";
