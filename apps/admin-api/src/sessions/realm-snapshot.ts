import { connectionKey, isoTime, protocolOf, type ConnectionFacts } from "./connection-event.js";
import { isClientConnection, type ConnzConnection } from "./engine-monitor.js";
import { CONNZ_PAGE_SIZE, type RealmFeed } from "./realm-feed.js";
import type { IngestItem } from "./session-ingest.js";

/** @default 50 — CONNZ pages read for one snapshot (51,200 connections): bounds a huge realm. */
export const MAX_SNAPSHOT_PAGES = 50;

/** A realm's client connections, read page by page. */
export interface RealmClients {
  /** The realm's clock when the first page was read. */
  at: string;
  clients: ConnzConnection[];
  /** False when the realm had more than `maxPages` pages. */
  complete: boolean;
}

/**
 * Every client connection of the realm (not its routes, not the admin API's own), up to
 * `maxPages` CONNZ pages. The engine's page order is not the cid order, so only the whole list
 * tells how many clients there are.
 */
export async function readRealmClients(
  feed: RealmFeed,
  maxPages = MAX_SNAPSHOT_PAGES,
): Promise<RealmClients> {
  const clients: ConnzConnection[] = [];
  let at: string | undefined;
  for (let page = 0, offset = 0; page < maxPages; page++) {
    const data = (await feed.connz(offset)).data;
    if (!data) throw new Error(`realm "${feed.realm}" answered CONNZ without data`);
    at ??= isoTime(data.now);
    clients.push(...data.connections.filter(isClientConnection));
    offset += data.connections.length;
    if (data.connections.length < CONNZ_PAGE_SIZE || offset >= data.total)
      return { at, clients, complete: true };
  }
  return { at: at ?? new Date().toISOString(), clients, complete: false };
}

/**
 * The realm's client connections now, as an ingest item: taken whenever a feed (re)starts, so
 * connections that opened or closed while nobody listened are recorded too.
 */
export async function snapshotItem(feed: RealmFeed): Promise<IngestItem> {
  const { at, clients, complete } = await readRealmClients(feed);
  const connections = clients.map((c): ConnectionFacts => ({
    key: connectionKey(feed.serverId, c.cid, c.start),
    serverId: feed.serverId,
    cid: c.cid,
    realm: feed.realm,
    name: c.name || null,
    ip: c.ip || null,
    protocol: protocolOf(c.type, c.tls_version !== undefined),
    openedAt: isoTime(c.start),
  }));
  return { kind: "snapshot", realm: feed.realm, at, connections, complete };
}
