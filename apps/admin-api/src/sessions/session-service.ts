import {
  ApiError,
  type Bounced,
  type RealmConnectionList,
  type SessionDetail,
  type SessionFailoverEvent,
  type SessionList,
  type SessionListQuery,
} from "@em/contracts";
import type { Database } from "../database.js";
import type { HostStore } from "../host-store.js";
import type { Logger } from "../logger.js";
import type { RealmPoller } from "../realm-poller.js";
import { ConnectionFeed } from "./connection-feed.js";
import { isClientConnection, toRealmConnection } from "./engine-monitor.js";
import { NoSuchConnectionError, type RealmFeed } from "./realm-feed.js";
import { readRealmClients } from "./realm-snapshot.js";
import { RETENTION_SWEEP_MS } from "./session-retention.js";
import { SessionIngest, type IngestItem, type SessionLiveEvent } from "./session-ingest.js";

/** @default 5000 — items applied per SQLite transaction when a burst is queued. */
const MAX_BATCH = 5_000;

/** @default 10 — CONNZ pages (of 1,024) read to list a realm's connections and count them. */
const MAX_LISTED_PAGES = 10;

export interface SessionServiceOptions {
  db: Database;
  poller: RealmPoller;
  hosts: HostStore;
  logger: Logger;
  /** How often realms coming and going are followed (the realm poll interval). */
  pollIntervalMs: number;
  /** Pushes each new connection event and failover to the live feed's "sessions" topic. */
  publish: (event: SessionLiveEvent) => void;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Client sessions and connections (issue 6): follows every online realm's connect and
 * disconnect advisories and the SDK's session reports, joins them by client name in SQLite,
 * pushes what is new to the live feed, and answers the sessions and connections routes.
 */
export class SessionService {
  private readonly ingest: SessionIngest;
  private readonly feed: ConnectionFeed;
  private readonly queue: IngestItem[] = [];
  private drainScheduled = false;
  private sweepTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly options: SessionServiceOptions) {
    this.ingest = new SessionIngest(options.db);
    this.feed = new ConnectionFeed({
      poller: options.poller,
      hosts: options.hosts,
      logger: options.logger,
      pollIntervalMs: options.pollIntervalMs,
      enqueue: (item) => this.enqueue(item),
    });
  }

  start(): void {
    this.feed.start();
    this.sweep();
    this.sweepTimer = setInterval(() => this.sweep(), RETENTION_SWEEP_MS);
    this.sweepTimer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweepTimer);
    await this.feed.stop();
    // What was heard before closing is still stored.
    this.drain();
  }

  list(query: SessionListQuery): SessionList {
    return this.ingest.sessions.list(query);
  }

  get(name: string): SessionDetail {
    const detail = this.ingest.sessions.detail(name);
    if (!detail)
      throw new ApiError(
        "NOT_FOUND",
        `No client session named ${JSON.stringify(name)}: sessions seen in the last 24 hours are kept`,
      );
    return detail;
  }

  /** The realm's client connections now, from the engine's monitoring view (CONNZ). */
  async connections(realm: string, limit: number): Promise<RealmConnectionList> {
    const feed = await this.onlineFeed(realm, "list its connections");
    let clients;
    try {
      ({ clients } = await readRealmClients(feed, MAX_LISTED_PAGES));
    } catch (error) {
      throw this.unreachable(realm, error);
    }
    return {
      realm,
      connections: clients
        .sort((a, b) => a.cid - b.cid)
        .slice(0, limit)
        .map(toRealmConnection),
      total: clients.length,
    };
  }

  /** Closes one client connection; a UM session reconnects to the next realm of its list. */
  async bounce(realm: string, cid: number): Promise<Bounced> {
    const feed = await this.onlineFeed(realm, "bounce a connection");
    let connection;
    try {
      connection = (await feed.connz(0, 1, cid)).data?.connections.find((c) => c.cid === cid);
    } catch (error) {
      throw this.unreachable(realm, error);
    }
    if (!connection || !isClientConnection(connection)) {
      if (connection)
        throw new ApiError(
          "CONFLICT",
          `Connection ${cid} on realm "${realm}" is the admin API's own: bounce a client's connection`,
        );
      throw this.noConnection(realm, cid);
    }
    try {
      await feed.kick(cid);
    } catch (error) {
      if (error instanceof NoSuchConnectionError) throw this.noConnection(realm, cid);
      throw this.unreachable(realm, error);
    }
    this.options.logger.info({ realm, cid, client: connection.name }, "connection bounced");
    return { realm, cid, name: connection.name || null };
  }

  /** SDK failovers reported with `at` in [from, to], oldest first: what a drill report counts. */
  failoversBetween(from: Date, to: Date): SessionFailoverEvent[] {
    // Reports heard but not yet applied count too.
    this.drain();
    return this.ingest.sessions.failoversBetween(from, to);
  }

  private async onlineFeed(realm: string, what: string): Promise<RealmFeed> {
    const summary = this.options.poller.summaries().find((r) => r.name === realm);
    if (!summary)
      throw new ApiError("NOT_FOUND", `No realm named "${realm}" on any registered host`);
    if (summary.status !== "online")
      throw new ApiError(
        "INVALID_STATE",
        `Realm "${realm}" is ${summary.status}: start it (or wait for it to answer) to ${what}`,
      );
    this.feed.ensure(realm);
    const feed = await this.feed.feed(realm);
    if (!feed)
      throw new ApiError(
        "REALM_UNREACHABLE",
        `Realm "${realm}" did not accept the admin API's system connection; try again shortly`,
      );
    return feed;
  }

  private noConnection(realm: string, cid: number): ApiError {
    return new ApiError(
      "NOT_FOUND",
      `Realm "${realm}" has no client connection ${cid}: list its connections for current ids`,
    );
  }

  private unreachable(realm: string, error: unknown): ApiError {
    return new ApiError(
      "REALM_UNREACHABLE",
      `Realm "${realm}" did not answer: ${describe(error)}`,
      { cause: error },
    );
  }

  private enqueue(item: IngestItem): void {
    this.queue.push(item);
    if (this.drainScheduled || this.closed) return;
    this.drainScheduled = true;
    // Batches whatever arrives in the same turn: a thousand advisories, one transaction.
    setImmediate(() => this.drain());
  }

  private drain(): void {
    this.drainScheduled = false;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      let events: SessionLiveEvent[];
      try {
        events = this.ingest.apply(batch);
      } catch (error) {
        this.options.logger.error(
          { err: error, items: batch.length },
          "storing connection events failed",
        );
        continue;
      }
      if (this.closed) continue;
      for (const event of events) this.options.publish(event);
    }
  }

  private sweep(): void {
    try {
      const forgotten = this.ingest.sessions.prune();
      if (forgotten > 0) this.options.logger.debug({ forgotten }, "old client sessions forgotten");
    } catch (error) {
      this.options.logger.error({ err: error }, "client session retention failed");
    }
  }
}
