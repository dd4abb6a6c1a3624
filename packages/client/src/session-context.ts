import {
  jetstream,
  jetstreamManager,
  type JetStreamClient,
  type JetStreamManager,
} from "@nats-io/jetstream";
import type { LiveRealm, RealmLink } from "./realm-link.js";
import type { ResolvedSessionOptions } from "./session-options.js";

interface RealmClients {
  js: JetStreamClient;
  jsm: Promise<JetStreamManager>;
  reader: Promise<JetStreamManager>;
}

/** What the channel, queue and report modules share: the link and per-connection clients. */
export class SessionContext {
  private clients = new WeakMap<LiveRealm, RealmClients>();

  constructor(
    readonly link: RealmLink,
    readonly options: ResolvedSessionOptions,
  ) {}

  js(live: LiveRealm): JetStreamClient {
    return this.clientsOf(live).js;
  }

  jsm(live: LiveRealm): Promise<JetStreamManager> {
    return this.clientsOf(live).jsm;
  }

  /** For direct gets: a short timeout, since a read retried goes to another replica. */
  reader(live: LiveRealm): Promise<JetStreamManager> {
    return this.clientsOf(live).reader;
  }

  private clientsOf(live: LiveRealm) {
    let clients = this.clients.get(live);
    if (!clients) {
      const timeout = this.options.requestTimeoutMs;
      clients = {
        js: jetstream(live.nc, { timeout }),
        // checkAPI off: the account check would cost a round trip on every failover.
        jsm: jetstreamManager(live.nc, { timeout, checkAPI: false }),
        reader: jetstreamManager(live.nc, {
          timeout: this.options.readTimeoutMs,
          checkAPI: false,
        }),
      };
      this.clients.set(live, clients);
    }
    return clients;
  }
}
