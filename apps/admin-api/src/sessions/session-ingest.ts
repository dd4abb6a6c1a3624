import {
  RealmNameSchema,
  type ConnectionClosedEvent,
  type ConnectionOpenedEvent,
  type SessionFailoverEvent,
  type SessionReport,
} from "@em/contracts";
import type { Database } from "../database.js";
import { ClientSessionStore, type SessionRow } from "./client-session-store.js";
import { ConnectionLedger } from "./connection-ledger.js";
import {
  isoTime,
  protocolOfRname,
  type ConnectionEvent,
  type ConnectionFacts,
} from "./connection-event.js";

/** nats-server's reason for a connection its client closed itself. */
const CLIENT_CLOSED = "Client Closed";

/** What the live feed pushes to the "sessions" topic. */
export type SessionLiveEvent =
  | { type: "connection:opened"; payload: ConnectionOpenedEvent }
  | { type: "connection:closed"; payload: ConnectionClosedEvent }
  | { type: "session:failover"; payload: SessionFailoverEvent };

/** One thing learned from a realm: a connect / disconnect advisory or an SDK report. */
export type IngestItem =
  | { kind: "connection"; event: ConnectionEvent }
  | { kind: "report"; report: SessionReport }
  /** The realm's connections at `at`; `complete` when every one of them was read. */
  | {
      kind: "snapshot";
      realm: string;
      at: string;
      connections: ConnectionFacts[];
      complete: boolean;
    }
  /** The realm cannot be reached: a dead realm sends no disconnect advisory for its clients. */
  | { kind: "realm-lost"; realm: string; at: string; reason: string };

/** Why connections missing from a snapshot are recorded as closed. */
export const GONE_UNOBSERVED = "closed while the admin API was not listening";

const realmName = (value: string | null) =>
  value !== null && RealmNameSchema.safeParse(value).success ? value : null;
const present = <T>(value: T | undefined): T[] => (value === undefined ? [] : [value]);
const later = (a: string, b: string) => (a > b ? a : b);
const earlier = (a: string, b: string) => (a < b ? a : b);

function newSession(name: string, at: string): SessionRow {
  return {
    name,
    realm: null,
    protocol: null,
    state: "disconnected",
    since: at,
    last_event_at: at,
    failovers: 0,
    last_stall_ms: null,
    sdk: 0,
    lost: 0,
    duplicated: 0,
    report_session_id: null,
    reported_gaps: 0,
    reported_duplicates: 0,
  };
}

/** The first EID after the resume per channel; the lowest when a channel has several subscriptions. */
function resumeEids(report: SessionReport): Record<string, number> {
  const eids: Record<string, number> = {};
  for (const { channel, resumeEid } of report.subscriptions)
    eids[channel] = Math.min(eids[channel] ?? resumeEid, resumeEid);
  return eids;
}

/**
 * Joins connection advisories and SDK reports into client sessions by name. Each batch is one
 * SQLite transaction; copies relayed by other cluster members are recognised and dropped, so
 * each returned live event is new.
 */
export class SessionIngest {
  readonly ledger: ConnectionLedger;
  readonly sessions: ClientSessionStore;

  constructor(private readonly db: Database) {
    this.ledger = new ConnectionLedger(db);
    this.sessions = new ClientSessionStore(db);
  }

  apply(items: readonly IngestItem[]): SessionLiveEvent[] {
    return this.db.transaction(() => {
      const live: SessionLiveEvent[] = [];
      for (const item of items) live.push(...this.item(item));
      return live;
    })();
  }

  private item(item: IngestItem): SessionLiveEvent[] {
    switch (item.kind) {
      case "connection":
        return present(this.connection(item.event));
      case "report":
        return present(this.report(item.report));
      case "snapshot":
        return this.snapshot(item.realm, item.at, item.connections, item.complete);
      case "realm-lost":
        return this.closeOpenOn(item.realm, item.at, new Set(), item.reason);
    }
  }

  /** Records what a realm holds now: unknown connections opened, vanished ones closed. */
  private snapshot(
    realm: string,
    at: string,
    connections: readonly ConnectionFacts[],
    complete: boolean,
  ): SessionLiveEvent[] {
    const live = connections.flatMap((c) => present(this.opened(c)));
    if (!complete) return live;
    const held = new Set(connections.map((c) => c.key));
    return [...live, ...this.closeOpenOn(realm, at, held, GONE_UNOBSERVED)];
  }

  /**
   * Closes the realm's open connections but those held; a connection opened after `at` is
   * newer than the news and stays.
   */
  private closeOpenOn(
    realm: string,
    at: string,
    held: ReadonlySet<string>,
    reason: string,
  ): SessionLiveEvent[] {
    return this.ledger
      .openOn(realm)
      .filter((c) => !held.has(c.key) && c.openedAt <= at)
      .flatMap((c) => present(this.closed(c, at, reason)));
  }

  private connection(event: ConnectionEvent): SessionLiveEvent | undefined {
    return event.type === "opened"
      ? this.opened(event.connection)
      : this.closed(event.connection, event.at, event.reason);
  }

  private session(name: string, at: string): { row: SessionRow; isNew: boolean } {
    const row = this.sessions.get(name);
    return row ? { row: { ...row }, isNew: false } : { row: newSession(name, at), isNew: true };
  }

  private opened(c: ConnectionFacts): SessionLiveEvent | undefined {
    const recorded = this.ledger.opened(c);
    if (recorded === "known") return undefined;
    if (c.name) {
      const { row, isNew } = this.session(c.name, c.openedAt);
      row.realm = c.realm;
      // An SDK's RNAME also tells TLS, which the advisory does not: its report sets the protocol.
      if (!row.sdk || row.protocol === null) row.protocol = c.protocol;
      row.state = "connected";
      row.since = earlier(row.since, c.openedAt);
      row.last_event_at = later(row.last_event_at, c.openedAt);
      this.sessions.save(row, isNew);
      this.sessions.addEntry(c.name, {
        at: c.openedAt,
        type: "connected",
        source: "realm",
        realm: c.realm,
        dedupeKey: `open:${c.key}`,
      });
    }
    // A connection that only now said its name was pushed already, when it was first seen.
    if (recorded === "named") return undefined;
    return {
      type: "connection:opened",
      payload: { realm: c.realm, cid: c.cid, name: c.name, ip: c.ip, at: c.openedAt },
    };
  }

  private closed(
    c: ConnectionFacts,
    at: string,
    reason: string | null,
  ): SessionLiveEvent | undefined {
    if (!this.ledger.closed(c, at, reason)) return undefined;
    if (c.name) {
      const ended = reason === CLIENT_CLOSED ? "closed" : "disconnected";
      const { row, isNew } = this.session(c.name, c.openedAt);
      // A session that already reached another realm (its new connection or its SDK report came
      // first) stays there: this close is of the realm it left.
      if (row.realm === c.realm || row.realm === null) {
        const other = this.ledger.latestOpen(c.name);
        row.realm = other?.realm ?? null;
        row.state = other ? "connected" : ended;
        if (other && !row.sdk) row.protocol = other.protocol;
      }
      row.last_event_at = later(row.last_event_at, at);
      this.sessions.save(row, isNew);
      this.sessions.addEntry(c.name, {
        at,
        type: ended,
        source: "realm",
        realm: c.realm,
        reason,
        dedupeKey: `close:${c.key}`,
      });
    }
    return {
      type: "connection:closed",
      payload: { realm: c.realm, cid: c.cid, name: c.name, ip: c.ip, at, reason },
    };
  }

  private report(untrusted: SessionReport): SessionLiveEvent | undefined {
    // Anyone in the application account can publish a report: realm names are checked here so
    // every answer keeps to the contracts.
    const report = {
      ...untrusted,
      fromRealm: realmName(untrusted.fromRealm),
      toRealm: realmName(untrusted.toRealm),
    };
    const at = isoTime(report.at);
    const dedupeKey = `sdk:${report.sessionId}:${report.type}:${at}`;
    if (this.sessions.hasEntry(dedupeKey)) return undefined;
    const { row, isNew } = this.session(report.session, at);
    // Gaps and duplicates are totals since the SDK session object started: a failover's share
    // is the growth since the last connect or failover report of the same object.
    const sameObject = row.report_session_id === report.sessionId;
    const gaps = report.subscriptions.reduce((sum, s) => sum + s.gaps, 0);
    const duplicates = report.subscriptions.reduce((sum, s) => sum + s.duplicates, 0);
    const lost = Math.max(0, gaps - (sameObject ? row.reported_gaps : 0));
    const duplicated = Math.max(0, duplicates - (sameObject ? row.reported_duplicates : 0));
    row.sdk = 1;
    row.last_event_at = later(row.last_event_at, at);
    row.report_session_id = report.sessionId;
    if (!sameObject) {
      row.reported_gaps = 0;
      row.reported_duplicates = 0;
    }
    if (report.type === "disconnected") {
      this.sessions.save(row, isNew);
      this.sessions.addEntry(report.session, {
        at,
        type: "disconnected",
        source: "sdk",
        realm: report.fromRealm,
        fromRealm: report.fromRealm,
        reason: report.reason,
        dedupeKey,
      });
      return undefined;
    }
    row.realm = report.toRealm;
    row.state = "connected";
    row.protocol = protocolOfRname(report.rname) ?? row.protocol;
    row.reported_gaps = gaps;
    row.reported_duplicates = duplicates;
    if (report.type === "connected") {
      this.sessions.save(row, isNew);
      this.sessions.addEntry(report.session, {
        at,
        type: "connected",
        source: "sdk",
        realm: report.toRealm,
        toRealm: report.toRealm,
        dedupeKey,
      });
      return undefined;
    }
    row.failovers += 1;
    row.last_stall_ms = report.stallMs;
    row.lost += lost;
    row.duplicated += duplicated;
    this.sessions.save(row, isNew);
    const eids = resumeEids(report);
    this.sessions.addEntry(report.session, {
      at,
      type: "failover",
      source: "sdk",
      realm: report.toRealm,
      fromRealm: report.fromRealm,
      toRealm: report.toRealm,
      stallMs: report.stallMs,
      resumeEids: eids,
      lost,
      duplicated,
      dedupeKey,
    });
    return {
      type: "session:failover",
      payload: {
        session: report.session,
        from: report.fromRealm,
        to: report.toRealm,
        stallMs: report.stallMs,
        resumeEid: eids,
        lost,
        duplicated,
        at,
      },
    };
  }
}
