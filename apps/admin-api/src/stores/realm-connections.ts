import { connect, type NatsConnection } from "@nats-io/transport-node";
import { jetstream, jetstreamManager, type JetStreamClient } from "@nats-io/jetstream";
import type { JetStreamManager } from "@nats-io/jetstream";
import type { RealmCredentials } from "@em/contracts";
import type { HostStore } from "../host-store.js";
import type { RealmPoller } from "../realm-poller.js";
import { advertisedHost } from "../realm-summary.js";
import { RealmdClient } from "../realmd-client.js";

/** @default 2000 — connecting to a realm's client port. */
export const CONNECT_TIMEOUT_MS = 2_000;

/** @default 2000 — one JetStream API request or publish acknowledgement. */
export const API_TIMEOUT_MS = 2_000;

/**
 * @default 10000 — listings and changes. The master asks each store's leader for a listing
 * and waits up to 4 s for those that do not answer (a leader being elected after a kill);
 * creating or changing a replicated store waits for its group to agree, seconds on a busy
 * machine. Neither is latency-bound; reads of events and publishes keep the short timeout.
 */
export const PATIENT_TIMEOUT_MS = 10_000;

/** A live connection to one realm with its JetStream handles. */
export interface RealmConnection {
  realm: string;
  jsm: JetStreamManager;
  /** The same, with the longer timeout of listings and changes ({@link PATIENT_TIMEOUT_MS}). */
  patientJsm: JetStreamManager;
  js: JetStreamClient;
}

/** The realm could not be reached at all: nothing was asked of it. */
export class RealmConnectError extends Error {
  constructor(
    readonly realm: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "RealmConnectError";
  }
}

interface Entry {
  connection: Promise<{ nc: NatsConnection; handle: RealmConnection }>;
}

/**
 * One long-lived connection per realm, as the realm's app user, so a list or a snoop costs
 * requests, not handshakes. A closed connection (the realm restarted or died) is replaced on the
 * next use; credentials come from realmd once and stay in memory only, never in a log or message.
 */
export class RealmConnectionPool {
  private readonly entries = new Map<string, Entry>();
  private readonly credentials = new Map<string, RealmCredentials["app"]>();
  private closed = false;

  constructor(
    private readonly poller: RealmPoller,
    private readonly hosts: HostStore,
  ) {}

  async get(realm: string): Promise<RealmConnection> {
    // Concurrent callers share one attempt; a closed or failed connection is replaced once.
    for (let attempt = 0; ; attempt++) {
      if (this.closed) throw new RealmConnectError(realm, "the admin API is shutting down");
      if (attempt > 2)
        throw new RealmConnectError(realm, `realm "${realm}" keeps closing its connection`);
      let entry = this.entries.get(realm);
      const mine = !entry;
      if (!entry) {
        entry = { connection: this.open(realm) };
        this.entries.set(realm, entry);
      }
      try {
        const { nc, handle } = await entry.connection;
        if (!nc.isClosed()) return handle;
      } catch (error) {
        if (this.entries.get(realm) === entry) this.entries.delete(realm);
        if (mine || attempt > 0) throw error;
        continue;
      }
      if (this.entries.get(realm) === entry) this.entries.delete(realm);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const entries = [...this.entries.values()];
    this.entries.clear();
    await Promise.allSettled(
      entries.map(async (entry) => (await entry.connection).nc.close().catch(() => undefined)),
    );
  }

  private async open(realm: string): Promise<{ nc: NatsConnection; handle: RealmConnection }> {
    const view = this.poller.findRealm(realm);
    const host = view && this.hosts.get(view.hostId);
    if (!view || !host)
      throw new RealmConnectError(realm, `realm "${realm}" is on no registered host`);
    let app = this.credentials.get(realm);
    if (!app) {
      try {
        app = (await new RealmdClient(host.url, host.token).realmCredentials(realm)).app;
      } catch (error) {
        throw new RealmConnectError(
          realm,
          `cannot get realm "${realm}"'s credentials from its host: ${describe(error)}`,
          { cause: error },
        );
      }
      this.credentials.set(realm, app);
    }
    const address = advertisedHost(view.definition.bindHost, host.url);
    const server = `${address.includes(":") ? `[${address}]` : address}:${view.definition.ports.nsp}`;
    let nc: NatsConnection;
    try {
      nc = await connect({
        servers: server,
        user: app.user,
        pass: app.password,
        name: "em-admin-api-stores",
        timeout: CONNECT_TIMEOUT_MS,
        // A dead realm is replaced by another member, not waited for.
        reconnect: false,
      });
    } catch (error) {
      // Wrong credentials after a realm was re-created: fetch them again next time.
      this.credentials.delete(realm);
      throw new RealmConnectError(
        realm,
        `cannot connect to realm "${realm}" at ${server}: ${describe(error)}`,
        { cause: error },
      );
    }
    const jsm = await jetstreamManager(nc, { timeout: API_TIMEOUT_MS, checkAPI: false });
    const patientJsm = await jetstreamManager(nc, {
      timeout: PATIENT_TIMEOUT_MS,
      checkAPI: false,
    });
    const js = jetstream(nc, { timeout: API_TIMEOUT_MS });
    return { nc, handle: { realm, jsm, patientJsm, js } };
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
