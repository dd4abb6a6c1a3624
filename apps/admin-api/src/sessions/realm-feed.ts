import { connect, type NatsConnection, type Msg } from "@nats-io/transport-node";
import { SESSION_REPORT_SUBJECT, SessionReportSchema, type RealmCredentials } from "@em/contracts";
import { ADMIN_CONNECTION_PREFIX, parseConnectionAdvisory } from "./connection-event.js";
import { ConnzAnswerSchema, type ConnzAnswer } from "./engine-monitor.js";
import type { IngestItem } from "./session-ingest.js";
import { withTimeout } from "./with-timeout.js";

/** @default 2000 — connecting to a realm's client port. */
export const FEED_CONNECT_TIMEOUT_MS = 2_000;

/** @default 2000 — one request to a realm's system account (CONNZ, KICK). */
export const FEED_REQUEST_TIMEOUT_MS = 2_000;

/**
 * @default 2000 — ping interval of the feed's connections. With two pings outstanding allowed,
 * a paused realm is noticed in 4–6 s instead of nats.js's default of minutes.
 */
export const FEED_PING_INTERVAL_MS = 2_000;

/** @default 1024 — connections per CONNZ page (nats-server's own default page). */
export const CONNZ_PAGE_SIZE = 1_024;

/** Where and as whom to connect to one realm. Credentials stay in memory, never logged. */
export interface RealmFeedTarget {
  realm: string;
  /** `host:port` of the realm's NATS TCP interface. */
  server: string;
  credentials: RealmCredentials;
}

const decoder = new TextDecoder();

function json(msg: Msg): unknown {
  try {
    return JSON.parse(decoder.decode(msg.data)) as unknown;
  } catch {
    return undefined;
  }
}

/** A kick the engine refused because it has no such connection. */
export class NoSuchConnectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NoSuchConnectionError";
  }
}

/**
 * One realm's feed: a system-account connection that hears every client connect and disconnect
 * (of the whole cluster, relayed) and answers CONNZ and KICK, and an application-account
 * connection that hears SDK session reports. `closed` settles when either connection ends.
 */
export class RealmFeed {
  readonly closed: Promise<void>;

  private constructor(
    readonly realm: string,
    /** The engine's id of this realm's current process. */
    readonly serverId: string,
    private readonly system: NatsConnection,
    private readonly app: NatsConnection,
  ) {
    this.closed = Promise.race([system.closed(), app.closed()]).then(
      () => this.close(),
      () => this.close(),
    );
  }

  static async open(
    target: RealmFeedTarget,
    onItem: (item: IngestItem) => void,
  ): Promise<RealmFeed> {
    const options = {
      servers: target.server,
      timeout: FEED_CONNECT_TIMEOUT_MS,
      // A lost realm is noticed and followed by the service; nats.js must not hide the loss.
      reconnect: false,
      pingInterval: FEED_PING_INTERVAL_MS,
      maxPingOut: 2,
    };
    const system = await connect({
      ...options,
      name: `${ADMIN_CONNECTION_PREFIX}-feed`,
      user: target.credentials.system.user,
      pass: target.credentials.system.password,
    });
    let app: NatsConnection;
    try {
      app = await connect({
        ...options,
        name: `${ADMIN_CONNECTION_PREFIX}-reports`,
        user: target.credentials.app.user,
        pass: target.credentials.app.password,
      });
    } catch (error) {
      await system.close().catch(() => undefined);
      throw error;
    }
    const serverId = system.info?.server_id;
    if (!serverId) {
      await Promise.allSettled([system.close(), app.close()]);
      throw new Error(`realm "${target.realm}" did not say its server id`);
    }
    const advisory = (error: Error | null, msg: Msg) => {
      if (error) return;
      const event = parseConnectionAdvisory(json(msg));
      if (event) onItem({ kind: "connection", event });
    };
    system.subscribe("$SYS.ACCOUNT.*.CONNECT", { callback: advisory });
    system.subscribe("$SYS.ACCOUNT.*.DISCONNECT", { callback: advisory });
    app.subscribe(SESSION_REPORT_SUBJECT, {
      callback: (error, msg) => {
        if (error) return;
        const report = SessionReportSchema.safeParse(json(msg));
        if (report.success) onItem({ kind: "report", report: report.data });
      },
    });
    // The subscriptions are in place on the realm before anyone reads a CONNZ snapshot. A flush
    // has no timeout of its own and was seen never to settle when a realm restarted under it.
    try {
      await withTimeout(
        Promise.all([system.flush(), app.flush()]),
        FEED_REQUEST_TIMEOUT_MS,
        `subscribing on realm "${target.realm}"`,
      );
    } catch (error) {
      await Promise.allSettled([system.close(), app.close()]);
      throw error;
    }
    return new RealmFeed(target.realm, serverId, system, app);
  }

  /** One page of this realm's connections (all accounts), from the engine's CONNZ. */
  async connz(offset: number, limit = CONNZ_PAGE_SIZE, cid?: number): Promise<ConnzAnswer> {
    const answer = await this.request("CONNZ", {
      offset,
      limit,
      ...(cid === undefined ? {} : { cid }),
    });
    const parsed = ConnzAnswerSchema.safeParse(answer);
    if (!parsed.success || !parsed.data.data)
      throw new Error(
        `realm "${this.realm}" answered CONNZ with ${parsed.data?.error?.description ?? "an unexpected shape"}`,
      );
    return parsed.data;
  }

  /**
   * Closes one client connection (`$SYS.REQ.SERVER.<id>.KICK`, nats-server 2.10+): its client
   * sees the connection drop and reconnects, a UM session to the next realm of its list.
   */
  async kick(cid: number): Promise<void> {
    const answer = ConnzAnswerSchema.partial({ server: true }).safeParse(
      await this.request("KICK", { cid }),
    );
    const error = answer.success ? answer.data.error : undefined;
    if (error?.description.includes("no such client"))
      throw new NoSuchConnectionError(error.description);
    if (error) throw new Error(`realm "${this.realm}" refused the kick: ${error.description}`);
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.system.close(), this.app.close()]);
  }

  private async request(endpoint: string, body: unknown): Promise<unknown> {
    const msg = await this.system.request(
      `$SYS.REQ.SERVER.${this.serverId}.${endpoint}`,
      JSON.stringify(body),
      { timeout: FEED_REQUEST_TIMEOUT_MS },
    );
    return json(msg);
  }
}
