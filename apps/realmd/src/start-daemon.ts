import type { Server } from "node:http";
import type { Logger } from "pino";
import packageJson from "../package.json" with { type: "json" };
import type { RealmdConfig } from "./config.js";
import { createRealmdApp } from "./create-realmd-app.js";
import { RealmManager } from "./realm-manager.js";

export interface Daemon {
  readonly url: string;
  readonly manager: RealmManager;
  /** Stops serving, then stops the realms unless told to keep them. Idempotent. */
  shutdown(): Promise<void>;
}

/**
 * Loads the realm definitions, brings their realms back, then serves the control API:
 * once realmd answers, every realm it owns has been adopted or (re)started.
 */
export async function startDaemon(config: RealmdConfig, logger: Logger): Promise<Daemon> {
  const manager = await RealmManager.open({
    dataDir: config.dataDir,
    engineCandidates: config.engineCandidates,
    logger,
  });
  await manager.restore();

  const app = createRealmdApp({
    manager,
    token: config.token,
    logger,
    version: packageJson.version,
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(config.port, config.host, (error?: Error) => {
      if (error) reject(error);
      else resolve(listening);
    });
  });
  const url = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${config.port}`;
  logger.info(
    { url, dataDir: config.dataDir, realms: manager.realmCount, engine: manager.engineInfo },
    "realmd listening",
  );

  let shuttingDown: Promise<void> | null = null;
  return {
    url,
    manager,
    shutdown() {
      shuttingDown ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Idle keep-alive connections would hold close() open for seconds.
          server.closeIdleConnections();
        });
        await manager.shutdown({ stopRealms: !config.keepRealmsOnExit });
        logger.info({ keptRealms: config.keepRealmsOnExit }, "realmd stopped");
      })();
      return shuttingDown;
    },
  };
}
