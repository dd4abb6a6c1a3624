import type { Rname } from "./rname.js";
import type { RealmTransport } from "./transport.js";

/** What `tryAgain` and `backoff` are told about the reconnect in progress. */
export interface ReconnectAttempt {
  /** 1 for the first attempt after a loss (or the first connect). */
  attempt: number;
  /** The realm that was lost, or null on the first connect. */
  lostRealm: string | null;
  /** The RNAME the attempt will try. */
  next: Rname;
  /** How many RNAMEs the list has. */
  listSize: number;
}

/** How long to wait before an attempt, in ms. */
export type Backoff = (attempt: ReconnectAttempt, intervalMs: number) => number;

/** Reconnect policy, UM's reconnect handler in options form. */
export interface ReconnectOptions {
  /**
   * The base wait between attempts, in ms.
   * @default 250
   */
  intervalMs?: number;
  /**
   * The wait before each attempt. The default tries every realm of the list once at once (a
   * failover costs no wait), then doubles `intervalMs` per further attempt up to 5 s.
   * @default defaultBackoff
   */
  backoff?: Backoff;
  /**
   * Attempts after a loss before the session gives up and closes (`Infinity`: never).
   * @default Infinity
   */
  maxAttempts?: number;
  /**
   * Asked before every attempt after a realm was lost (not at the first connect); returning (or
   * resolving) false stops reconnecting and closes the session, as UM's `nReconnectHandler.tryAgain`.
   * @default () => true
   */
  tryAgain?: (attempt: ReconnectAttempt) => boolean | Promise<boolean>;
}

/** User and password of the realm's application user. */
export interface SessionCredentials {
  user: string;
  pass: string;
}

/** How a session trusts the realms it reaches over TLS (`nsps://`, `nhps://`). */
export interface SessionTlsOptions {
  /**
   * CA certificates (PEM) that sign the realms' certificates, e.g. realmd's local CA from
   * `GET /api/realms/:name/ca.pem`. In Node they replace the system's trust store for this
   * session's TLS connections. A browser cannot be handed a CA: it uses the system's trust
   * store, so install the CA there (or give realms a certificate the browser already trusts).
   * @default the system's trust store
   */
  ca?: string | readonly string[];
}

/** Everything `createSession` takes. Only `rnames` is required. */
export interface SessionOptions {
  /** An RNAME list (`"nsp://a:9000,nhp://b:9001"`, `;` to shuffle) or an array of RNAMEs. */
  rnames: string | readonly string[];
  /**
   * The session's name: shown to the realms as the client name and used in failover reports.
   * @default "em-client"
   */
  name?: string;
  /**
   * The application user, the same for every realm, or chosen per RNAME (realms managed by
   * realmd each have their own application password).
   * @default none: connect without credentials
   */
  credentials?: SessionCredentials | ((rname: Rname) => SessionCredentials | undefined);
  /** @default see {@link ReconnectOptions} */
  reconnect?: ReconnectOptions;
  /**
   * Trust for `nsps://` and `nhps://` RNAMEs; plain `nsp://` and `nhp://` entries ignore it, so
   * one list may mix both. `nsps` is TLS from the first byte (nats.js `tls.handshakeFirst`).
   * @default the system's trust store
   * @example createSession({ rnames: "nsps://a:9004,nhps://b:9015", tls: { ca: caPem } })
   */
  tls?: SessionTlsOptions;
  /**
   * How often the session checks its realm answers (a round trip).
   * @default 1000
   */
  pingIntervalMs?: number;
  /**
   * How long a round trip may take before the realm counts as silent and is left. With the
   * default interval a silent (paused, blackholed) realm is left within 2.5 s.
   * @default 1500
   */
  pingTimeoutMs?: number;
  /**
   * How long one connect attempt may take (a paused realm accepts TCP but never answers).
   * @default 2000
   */
  connectTimeoutMs?: number;
  /**
   * How long one publish attempt waits for the cluster's acknowledgement before it is retried
   * with the same event id.
   * @default 1500
   */
  publishAttemptTimeoutMs?: number;
  /**
   * How long a publish keeps retrying (across failovers and elections) before it rejects with
   * `PublishTimeoutError`.
   * @default 30000
   */
  publishTimeoutMs?: number;
  /**
   * How long one read or API request to a realm may take.
   * @default 1500
   */
  requestTimeoutMs?: number;
  /**
   * How long one read of a channel by EID (a direct get) may take before it is sent again;
   * any replica answers, so a retry most likely reaches a live one.
   * @default 500
   */
  readTimeoutMs?: number;
  /**
   * Publish failover reports on `SESSION_REPORT_SUBJECT` (best effort, never blocks).
   * @default true
   */
  reports?: boolean;
  /**
   * Creates the connection for an RNAME. Defaults to TCP through `@nats-io/transport-node` and
   * WebSocket through `wsconnect` (with the `ws` package in Node), loaded only when used.
   * @default defaultTransport
   */
  transport?: RealmTransport;
  /**
   * Random source for shuffled (`;`) lists and event ids.
   * @default Math.random
   */
  random?: () => number;
  /**
   * The clock for stall measurements.
   * @default Date.now
   */
  now?: () => number;
}

export const DEFAULT_RECONNECT_INTERVAL_MS = 250;
export const MAX_BACKOFF_MS = 5_000;
export const DEFAULT_PING_INTERVAL_MS = 1_000;
export const DEFAULT_PING_TIMEOUT_MS = 1_500;
export const DEFAULT_CONNECT_TIMEOUT_MS = 2_000;
export const DEFAULT_PUBLISH_ATTEMPT_TIMEOUT_MS = 1_500;
export const DEFAULT_PUBLISH_TIMEOUT_MS = 30_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 1_500;
export const DEFAULT_READ_TIMEOUT_MS = 500;

/**
 * The default back-off: one pass over the whole list with no wait (the next realm is most
 * likely up), then `intervalMs` doubling per attempt, at most 5 s.
 */
export const defaultBackoff: Backoff = ({ attempt, listSize }, intervalMs) => {
  if (attempt <= listSize) return 0;
  return Math.min(intervalMs * 2 ** (attempt - listSize - 1), MAX_BACKOFF_MS);
};

/** Options with every default applied. */
export type ResolvedSessionOptions = Required<Omit<SessionOptions, "credentials" | "reconnect">> & {
  credentials: (rname: Rname) => SessionCredentials | undefined;
  reconnect: Required<ReconnectOptions>;
};

export function resolveOptions(
  options: SessionOptions,
  transport: RealmTransport,
): ResolvedSessionOptions {
  return {
    rnames: options.rnames,
    name: options.name ?? "em-client",
    credentials:
      typeof options.credentials === "function"
        ? options.credentials
        : () => options.credentials as SessionCredentials | undefined,
    reconnect: {
      intervalMs: options.reconnect?.intervalMs ?? DEFAULT_RECONNECT_INTERVAL_MS,
      backoff: options.reconnect?.backoff ?? defaultBackoff,
      maxAttempts: options.reconnect?.maxAttempts ?? Infinity,
      tryAgain: options.reconnect?.tryAgain ?? (() => true),
    },
    pingIntervalMs: options.pingIntervalMs ?? DEFAULT_PING_INTERVAL_MS,
    pingTimeoutMs: options.pingTimeoutMs ?? DEFAULT_PING_TIMEOUT_MS,
    connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    publishAttemptTimeoutMs: options.publishAttemptTimeoutMs ?? DEFAULT_PUBLISH_ATTEMPT_TIMEOUT_MS,
    publishTimeoutMs: options.publishTimeoutMs ?? DEFAULT_PUBLISH_TIMEOUT_MS,
    requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    readTimeoutMs: options.readTimeoutMs ?? DEFAULT_READ_TIMEOUT_MS,
    reports: options.reports ?? true,
    tls: options.tls ?? {},
    transport: options.transport ?? transport,
    random: options.random ?? Math.random,
    now: options.now ?? Date.now,
  };
}
