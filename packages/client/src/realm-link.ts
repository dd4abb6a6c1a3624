import type { NatsConnection } from "@nats-io/nats-core";
import { inboxPrefixFor } from "@em/contracts";
import { NoRealmAvailableError, SessionClosedError } from "./errors.js";
import type { Rname } from "./rname.js";
import type { ResolvedSessionOptions, ReconnectAttempt } from "./session-options.js";
import type { StatusFeed } from "./session-status.js";
import { orTimeout, sleep } from "./sleep.js";

/** The one connection a session holds, to one realm. */
export interface LiveRealm {
  readonly nc: NatsConnection;
  /** The realm's name (its server name). */
  readonly realm: string;
  readonly rname: Rname;
  /** Bumped per connection, so work started on an older one can tell it was lost. */
  readonly generation: number;
}

/**
 * Holds one connection at a time and walks the RNAME list when it is lost: a reset connection
 * is left at once (nats.js closes it), a silent realm when a round trip exceeds `pingTimeoutMs`.
 * nats.js runs with `reconnect: false` so the failover policy is the session's, as in UM.
 */
export class RealmLink {
  private live: LiveRealm | undefined;
  private generation = 0;
  private index = -1;
  private closedError: SessionClosedError | undefined;
  private waiters: { resolve: (live: LiveRealm) => void; reject: (error: Error) => void }[] = [];
  private readonly lostListeners = new Set<(lost: LiveRealm, reason: string) => void>();
  private readonly stopSleep = new AbortController();

  constructor(
    private readonly options: ResolvedSessionOptions,
    private readonly rnames: Rname[],
    private readonly feed: StatusFeed,
  ) {}

  /** Connects for the first time, walking the list under the reconnect policy. */
  async start(): Promise<LiveRealm> {
    const first = this.connection();
    void this.walk(null, 0);
    return first;
  }

  get current(): LiveRealm | undefined {
    return this.live;
  }

  get isClosed(): boolean {
    return this.closedError !== undefined;
  }

  /** The current connection, or the next one; rejects once the session is closed. */
  connection(): Promise<LiveRealm> {
    if (this.closedError) return Promise.reject(this.closedError);
    if (this.live) return Promise.resolve(this.live);
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** Called when a connection is lost, before the walk to the next realm starts. */
  onLost(listener: (lost: LiveRealm, reason: string) => void): () => void {
    this.lostListeners.add(listener);
    return () => this.lostListeners.delete(listener);
  }

  /** Leaves `live` (if still current) and walks on: a caller saw it fail. */
  lose(live: LiveRealm, reason: string): void {
    if (this.live !== live) return;
    this.live = undefined;
    const lostAt = this.options.now();
    this.feed.emit({ type: "disconnected", realm: live.realm, rname: live.rname.text, reason });
    for (const listener of [...this.lostListeners]) listener(live, reason);
    // A paused realm never answers a close: do not wait for it.
    live.nc.close().catch(() => undefined);
    void this.walk(live, lostAt);
  }

  async close(error?: SessionClosedError): Promise<void> {
    if (this.closedError) return;
    this.closedError = error ?? new SessionClosedError();
    this.stopSleep.abort();
    const live = this.live;
    this.live = undefined;
    for (const waiter of this.waiters.splice(0)) waiter.reject(this.closedError);
    if (live) await live.nc.close().catch(() => undefined);
    this.feed.emit({ type: "closed", error: error });
  }

  private async walk(lost: LiveRealm | null, lostAt: number): Promise<void> {
    const { reconnect } = this.options;
    let lastError: unknown;
    let lastFailure = "";
    for (let attempt = 1; !this.closedError; attempt++) {
      if (attempt > reconnect.maxAttempts) {
        await this.close(
          new NoRealmAvailableError(`no realm reached in ${attempt - 1} attempts${lastFailure}`, {
            cause: lastError,
          }),
        );
        return;
      }
      this.index = (this.index + 1) % this.rnames.length;
      const next = this.rnames[this.index] as Rname;
      const info: ReconnectAttempt = {
        attempt,
        lostRealm: lost?.realm ?? null,
        next,
        listSize: this.rnames.length,
      };
      // UM asks its reconnect handler only on reconnect: the first connect just tries.
      if (lost && !(await reconnect.tryAgain(info))) {
        await this.close(
          new NoRealmAvailableError("tryAgain returned false: not reconnecting", {
            cause: lastError,
          }),
        );
        return;
      }
      const delayMs = reconnect.backoff(info, reconnect.intervalMs);
      if (lost) this.feed.emit({ type: "reconnecting", attempt, next: next.text, delayMs });
      if (delayMs > 0) await sleep(delayMs, this.stopSleep.signal);
      if (this.closedError) return;
      try {
        const credentials = this.options.credentials(next);
        const inboxPrefix = credentials ? inboxPrefixFor(credentials.user) : undefined;
        const { ca } = this.options.tls;
        const nc = await this.options.transport(next, {
          name: this.options.name,
          ...(credentials ? { user: credentials.user, pass: credentials.pass } : {}),
          // Replies come to the user's own inboxes: all an application credential may read.
          ...(inboxPrefix ? { inboxPrefix } : {}),
          ...(next.tls && ca !== undefined
            ? { tls: { ca: typeof ca === "string" ? ca : ca.join("\n") } }
            : {}),
          reconnect: false,
          timeout: this.options.connectTimeoutMs,
          // The session's own round trips detect a silent realm; nats.js pings are a backstop.
          pingInterval: Math.max(this.options.pingIntervalMs * 5, 5_000),
          maxPingOut: 2,
        });
        this.established(nc, next, lost, lostAt);
        return;
      } catch (error) {
        lastError = error;
        // Said in the error itself: a TLS refusal (unknown CA, wrong host name) is the fix.
        lastFailure = ` (last: ${next.text}: ${error instanceof Error ? error.message : String(error)})`;
      }
    }
  }

  private established(nc: NatsConnection, rname: Rname, lost: LiveRealm | null, lostAt: number) {
    if (this.closedError) {
      nc.close().catch(() => undefined);
      return;
    }
    const live: LiveRealm = {
      nc,
      realm: nc.info?.server_name ?? rname.text,
      rname,
      generation: ++this.generation,
    };
    this.live = live;
    nc.closed()
      .then((error) => this.lose(live, error ? `connection closed: ${error.message}` : "closed"))
      .catch(() => undefined);
    void this.heartbeat(live);
    if (lost)
      this.feed.emit({
        type: "reconnected",
        realm: live.realm,
        rname: rname.text,
        fromRealm: lost.realm,
        stallMs: this.options.now() - lostAt,
      });
    else this.feed.emit({ type: "connected", realm: live.realm, rname: rname.text });
    for (const waiter of this.waiters.splice(0)) waiter.resolve(live);
  }

  /** Round trips every `pingIntervalMs`; one slower than `pingTimeoutMs` means a silent realm. */
  private async heartbeat(live: LiveRealm): Promise<void> {
    const { pingIntervalMs, pingTimeoutMs } = this.options;
    while (this.live === live) {
      await sleep(pingIntervalMs, this.stopSleep.signal);
      if (this.live !== live) return;
      const answered = await orTimeout(
        live.nc.flush().then(
          () => true,
          () => false,
        ),
        pingTimeoutMs,
        false,
      );
      if (!answered) this.lose(live, `realm silent for ${pingTimeoutMs} ms`);
    }
  }
}
