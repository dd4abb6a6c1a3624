import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { AuditRecorder } from "./audit/audit-recorder.js";
import { AuditStore } from "./audit/audit-store.js";
import { AppCredentialService } from "./app-credentials/app-credential-service.js";
import { AppCredentialStore } from "./app-credentials/app-credential-store.js";
import { AppUserSync } from "./app-credentials/app-user-sync.js";
import { AuthService } from "./auth-service.js";
import { ClusterService } from "./cluster-service.js";
import { ClusterStore } from "./cluster-store.js";
import { ClusterWatcher } from "./cluster-watcher.js";
import type { Config } from "./config.js";
import { openDatabase } from "./database.js";
import { ensureFirstAdmin } from "./first-admin.js";
import { registerHostInBackground } from "./host-registrar.js";
import { HostService } from "./host-service.js";
import { HostStore } from "./host-store.js";
import { DemoTraffic } from "./demo/demo-traffic.js";
import { DrillService } from "./drills/drill-service.js";
import { HistoryService } from "./history/history-service.js";
import { createHttpApp } from "./http/create-http-app.js";
import { attachLiveFeed } from "./live/live-feed.js";
import { createLogger, type Logger } from "./logger.js";
import { RealmPoller } from "./realm-poller.js";
import { OperationStore } from "./operation-store.js";
import { RealmService } from "./realm-service.js";
import { SessionStore } from "./session-store.js";
import { SessionService } from "./sessions/session-service.js";
import { StoreService } from "./stores/store-service.js";
import { UserStore } from "./user-store.js";

/** @default 3600000 — expired sessions are swept hourly; they are refused as soon as they expire. */
const SESSION_SWEEP_MS = 3_600_000;

/** @default 5000 — requests still running at shutdown get this long before their sockets close. */
const SHUTDOWN_GRACE_MS = 5_000;

export interface AdminApiOptions {
  logger?: Logger;
  /** Where the first admin's generated password goes. Default: stdout, never the logger. */
  printBanner?: (line: string) => void;
}

export interface AdminApi {
  readonly logger: Logger;
  /** Starts polling hosts and listening; resolves with the base URL. */
  listen(): Promise<string>;
  /** Stops polling, closes sockets, the HTTP server and the database. */
  close(): Promise<void>;
}

/** The whole admin API in one process-free object, so tests can build one in-process. */
export async function createAdminApi(
  config: Config,
  options: AdminApiOptions = {},
): Promise<AdminApi> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const db = openDatabase(config.dataDir);
  const users = new UserStore(db);
  const sessions = new SessionStore(db, { idleTimeoutMs: config.sessionIdleMs });
  const hostStore = new HostStore(db);
  try {
    await ensureFirstAdmin(
      users,
      config.adminPassword,
      options.printBanner ?? ((line) => process.stdout.write(`\n${line}\n\n`)),
    );
  } catch (error) {
    db.close();
    throw error;
  }
  sessions.deleteExpired();

  const auth = new AuthService(users, sessions, config.sessionTtlMs);
  const audit = new AuditRecorder({ store: new AuditStore(db), auth, users, logger });
  // The poller publishes only once started (in listen), after `live` below exists.
  const poller = new RealmPoller({
    hosts: hostStore,
    pollIntervalMs: config.pollIntervalMs,
    realmTimeoutMs: config.realmTimeoutMs,
    logger,
    onStateChange: (event) => live.realmState(event),
    onRemoved: (name) => live.realmRemoved(name),
  });
  const hosts = new HostService(hostStore, poller, logger);
  const realms = new RealmService(hostStore, poller, config.realmTimeoutMs + 200);
  const operations = new OperationStore(db);
  const interrupted = operations.failInterrupted();
  if (interrupted > 0)
    logger.warn(
      { count: interrupted },
      "operations interrupted by the last shutdown marked failed",
    );
  const clusters = new ClusterService({
    clusters: new ClusterStore(db),
    operations,
    hosts: hostStore,
    poller,
    logger,
    onProgress: (operation) => live.operationProgress(operation),
    coldStartWaitMs: config.realmTimeoutMs + 200,
  });
  const watcher = new ClusterWatcher();
  const stores = new StoreService({
    clusters,
    poller,
    hosts: hostStore,
    pollIntervalMs: config.pollIntervalMs,
    coldStartWaitMs: config.realmTimeoutMs + 200,
  });

  // Watching failover live (issue 6).
  const clientSessions = new SessionService({
    db,
    poller,
    hosts: hostStore,
    logger,
    pollIntervalMs: config.pollIntervalMs,
    publish: (event) => live.sessionEvent(event),
  });
  const demo = new DemoTraffic({ clusters, stores, poller, hosts: hostStore, logger });
  const drills = new DrillService({
    db,
    poller,
    hosts: hostStore,
    clusters,
    sessions: clientSessions,
    demo,
    logger,
    onProgress: (drill) => live.drillProgress(drill),
    coldStartWaitMs: config.realmTimeoutMs + 200,
  });
  const history = new HistoryService({
    db,
    clusters,
    poller,
    stores,
    pollIntervalMs: config.pollIntervalMs,
    coldStartWaitMs: config.realmTimeoutMs + 200,
    logger,
  });
  // Application credentials (issue 7): SQLite is the desired state, pushed to every realm host.
  const appCredentialStore = new AppCredentialStore(db);
  const appUserSync = new AppUserSync({
    credentials: appCredentialStore,
    hosts: hostStore,
    logger,
  });
  const appCredentials = new AppCredentialService(appCredentialStore, appUserSync);

  const app = createHttpApp({
    auth,
    audit,
    hosts,
    realms,
    clusters,
    stores,
    sessions: clientSessions,
    drills,
    demo,
    history,
    appCredentials,
    startedAt: new Date(),
    logger,
    webDist: config.webDist,
    rateLimitPerMinute: config.rateLimitPerMinute,
  });
  const server: Server = createServer(app);
  const live = attachLiveFeed(server, {
    auth,
    logger,
    allowedOrigins: config.allowedOrigins,
    snapshotIntervalMs: config.pollIntervalMs,
    realms: () => poller.summaries(),
  });

  let stopRegistrar = () => {};
  let sweepTimer: NodeJS.Timeout | undefined;
  let watchTimer: NodeJS.Timeout | undefined;
  let closing: Promise<void> | undefined;

  return {
    logger,
    async listen() {
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(config.port, config.host, () => {
          server.off("error", reject);
          resolve();
        });
      });
      poller.start();
      clientSessions.start();
      history.start();
      appUserSync.start();
      // The clusters recorded now are the baseline; any cluster created from here on is new.
      watcher.update(clusters.states());
      // Reconciles clusters every poll round: the realms' cache is what the events come from.
      watchTimer = setInterval(() => {
        try {
          for (const event of watcher.update(clusters.states())) live.cluster(event);
        } catch (error) {
          logger.error({ err: error }, "cluster watch failed");
        }
      }, config.pollIntervalMs);
      sweepTimer = setInterval(() => sessions.deleteExpired(), SESSION_SWEEP_MS);
      sweepTimer.unref();
      if (config.registerHost)
        stopRegistrar = registerHostInBackground(hosts, config.registerHost, logger);
      const { port } = server.address() as AddressInfo;
      const host = config.host.includes(":") ? `[${config.host}]` : config.host;
      return `http://${host}:${port}`;
    },
    close() {
      closing ??= (async () => {
        stopRegistrar();
        clearInterval(sweepTimer);
        clearInterval(watchTimer);
        // Drills first: a running one brings its realm back while the demo sessions still watch.
        await drills.close();
        await demo.close();
        await clusters.close();
        await clientSessions.close();
        await history.close();
        await appUserSync.close();
        await stores.close();
        await poller.stop();
        const grace = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
        server.closeIdleConnections();
        // Closes every socket.io client and then the HTTP server itself.
        await live.close();
        clearTimeout(grace);
        db.close();
      })();
      return closing;
    },
  };
}
