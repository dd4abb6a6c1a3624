import type { HostStore } from "../host-store.js";
import type { Logger } from "../logger.js";
import type { RealmPoller } from "../realm-poller.js";
import { REALMD_CONTROL_TIMEOUT_MS } from "../realmd-client.js";
import {
  FEED_CONNECT_TIMEOUT_MS,
  FEED_REQUEST_TIMEOUT_MS,
  RealmFeed,
  type RealmFeedTarget,
} from "./realm-feed.js";
import { snapshotItem } from "./realm-snapshot.js";
import type { IngestItem } from "./session-ingest.js";
import { withTimeout } from "./with-timeout.js";
import { realmAccess } from "../realm-access.js";

/**
 * @default 12000 — the most a caller waits for a feed being started: credentials, two connects,
 * a flush and a CONNZ page, each bounded on its own.
 */
const FEED_START_TIMEOUT_MS =
  REALMD_CONTROL_TIMEOUT_MS + 2 * FEED_CONNECT_TIMEOUT_MS + 2 * FEED_REQUEST_TIMEOUT_MS + 1_000;

export interface ConnectionFeedOptions {
  poller: RealmPoller;
  hosts: HostStore;
  logger: Logger;
  /** How often the realm list is re-read to follow realms coming and going. */
  pollIntervalMs: number;
  /** Everything heard, in order; applied in batches by the caller. */
  enqueue: (item: IngestItem) => void;
}

interface Entry {
  feed?: RealmFeed;
  starting?: Promise<void>;
}

/** The realm refused or ignored a client connection: its clients have lost it too. */
class RealmUnreachableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "RealmUnreachableError";
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Keeps a {@link RealmFeed} on every online realm: starts one when a realm comes online, and
 * when one ends, tries again at once — a realm that answers is re-read (connections that went
 * while nobody listened are closed), one that does not has all its connections closed, since
 * a dead realm sends no disconnect advisories for its clients. Nothing here blocks the poll
 * loop: every connect and request has a timeout and runs in the background.
 */
export class ConnectionFeed {
  private readonly entries = new Map<string, Entry>();
  /** Realms whose last start failed, so a realm that stays down is logged once. */
  private readonly failing = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: ConnectionFeedOptions) {}

  start(): void {
    this.timer = setInterval(() => this.follow(), this.options.pollIntervalMs);
    this.follow();
  }

  /** The realm's feed, waiting for one being started (a start is bounded as a whole). */
  async feed(realm: string): Promise<RealmFeed | undefined> {
    const entry = this.entries.get(realm);
    if (entry?.starting) await entry.starting;
    return this.entries.get(realm)?.feed;
  }

  /** Starts following an online realm now, unless it is followed already. */
  ensure(realm: string): void {
    if (!this.stopped && !this.entries.has(realm)) this.begin(realm);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    const entries = [...this.entries.values()];
    this.entries.clear();
    await Promise.allSettled(entries.map((entry) => entry.starting ?? Promise.resolve()));
    await Promise.allSettled(entries.map((entry) => entry.feed?.close() ?? Promise.resolve()));
  }

  private follow(): void {
    if (this.stopped) return;
    const known = new Set<string>();
    for (const realm of this.options.poller.summaries()) {
      known.add(realm.name);
      if (realm.status === "online") this.ensure(realm.name);
      else if (realm.status === "offline" && !this.entries.has(realm.name))
        this.lostRealm(realm.name, "realm offline");
    }
    for (const [name, entry] of this.entries) {
      if (known.has(name)) continue;
      this.entries.delete(name);
      void entry.feed?.close();
      this.lostRealm(name, "realm removed");
    }
  }

  private begin(realm: string): void {
    const entry: Entry = {};
    this.entries.set(realm, entry);
    // Bounded as a whole, so a start that hangs somewhere unforeseen is retried, not waited on.
    entry.starting = withTimeout(
      this.open(realm, entry),
      FEED_START_TIMEOUT_MS,
      "starting the feed",
    )
      .catch((error: unknown) => {
        if (this.entries.get(realm) === entry) this.entries.delete(realm);
        const reason = describe(error);
        if (!this.failing.has(realm))
          this.options.logger.warn({ realm, reason }, "cannot follow the realm's connections");
        this.failing.add(realm);
        // Only a realm its clients cannot reach either has lost them; a slow realmd has not.
        if (error instanceof RealmUnreachableError)
          this.lostRealm(realm, `realm unreachable: ${reason}`);
      })
      .finally(() => {
        entry.starting = undefined;
      });
  }

  private async open(realm: string, entry: Entry): Promise<void> {
    const target = await this.target(realm);
    let feed: RealmFeed;
    try {
      feed = await RealmFeed.open(target, this.options.enqueue);
    } catch (error) {
      throw new RealmUnreachableError(describe(error), { cause: error });
    }
    if (this.stopped || this.entries.get(realm) !== entry) {
      await feed.close();
      return;
    }
    let snapshot: IngestItem;
    try {
      snapshot = await snapshotItem(feed);
    } catch (error) {
      await feed.close();
      throw error;
    }
    if (this.stopped || this.entries.get(realm) !== entry) {
      await feed.close();
      return;
    }
    entry.feed = feed;
    void feed.closed.then(() => {
      if (this.entries.get(realm) !== entry) return;
      this.entries.delete(realm);
      this.options.logger.info({ realm }, "lost the realm's connection feed");
      // At once: a killed realm is refused in milliseconds and its clients marked gone.
      this.ensure(realm);
    });
    this.options.enqueue(snapshot);
    if (this.failing.delete(realm))
      this.options.logger.info({ realm }, "following the realm's connections again");
  }

  private lostRealm(realm: string, reason: string): void {
    this.options.enqueue({ kind: "realm-lost", realm, reason, at: new Date().toISOString() });
  }

  private target(realm: string): Promise<RealmFeedTarget> {
    return realmAccess(this.options.poller, this.options.hosts, realm);
  }
}
