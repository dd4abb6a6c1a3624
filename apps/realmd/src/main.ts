import { ConfigError, loadConfig } from "./config.js";
import { createLogger } from "./create-logger.js";
import { startDaemon } from "./start-daemon.js";

let config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`realmd: ${error.message}\n`);
  process.exit(1);
}
const logger = createLogger(config.logLevel);

try {
  const daemon = await startDaemon(config, logger);
  const onSignal = (signal: NodeJS.Signals) => {
    logger.info({ signal }, "shutting down");
    daemon.shutdown().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.fatal({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
} catch (error) {
  logger.fatal({ err: error }, "realmd could not start");
  process.exit(1);
}
