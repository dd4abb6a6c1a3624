import { createAdminApi } from "./admin-api.js";
import { loadConfig } from "./config.js";

let config;
try {
  config = loadConfig();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

const api = await createAdminApi(config);
const url = await api.listen().catch((error: unknown) => {
  api.logger.fatal({ err: error }, `cannot listen on ${config.host}:${config.port}`);
  process.exit(1);
});
api.logger.info({ url }, "admin API listening");

let shuttingDown = false;
function shutdown(signal: NodeJS.Signals): void {
  if (shuttingDown) {
    // A second signal means "now".
    process.exit(1);
  }
  shuttingDown = true;
  api.logger.info({ signal }, "shutting down");
  api.close().then(
    () => process.exit(0),
    (error: unknown) => {
      api.logger.error({ err: error }, "shutdown failed");
      process.exit(1);
    },
  );
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
