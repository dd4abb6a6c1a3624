import type {
  ClientProtocol,
  ClientSession,
  ClientSessionState,
  SessionFailoverEvent,
  SessionListQuery,
  SessionTimelineEntry,
} from "@em/contracts";
import type { Database } from "../database.js";
import {
  MAX_IDLE_SESSIONS,
  MAX_TIMELINE_ENTRIES,
  SESSION_RETENTION_MS,
} from "./session-retention.js";

export interface SessionRow {
  name: string;
  realm: string | null;
  protocol: ClientProtocol | null;
  state: ClientSessionState;
  since: string;
  last_event_at: string;
  failovers: number;
  last_stall_ms: number | null;
  sdk: number;
  lost: number;
  duplicated: number;
  report_session_id: string | null;
  reported_gaps: number;
  reported_duplicates: number;
}

interface TimelineRow {
  session: string;
  at: string;
  type: SessionTimelineEntry["type"];
  source: SessionTimelineEntry["source"];
  realm: string | null;
  from_realm: string | null;
  to_realm: string | null;
  reason: string | null;
  stall_ms: number | null;
  resume_eids_json: string;
  lost: number;
  duplicated: number;
  dedupe_key: string | null;
}

/** A timeline entry to add; what it leaves out is null, empty or zero. */
export type NewTimelineEntry = Pick<SessionTimelineEntry, "at" | "type" | "source" | "realm"> &
  Partial<Omit<SessionTimelineEntry, "at" | "type" | "source" | "realm">> & {
    dedupeKey?: string;
  };

function toSession(row: SessionRow): ClientSession {
  return {
    name: row.name,
    realm: row.realm,
    protocol: row.protocol,
    state: row.state,
    since: row.since,
    lastEventAt: row.last_event_at,
    failovers: row.failovers,
    lastStallMs: row.last_stall_ms,
    sdk: row.sdk === 1,
    lost: row.lost,
    duplicated: row.duplicated,
  };
}

function parseEids(json: string): Record<string, number> {
  try {
    return JSON.parse(json) as Record<string, number>;
  } catch {
    return {};
  }
}

function toEntry(row: TimelineRow): SessionTimelineEntry {
  return {
    at: row.at,
    type: row.type,
    source: row.source,
    realm: row.realm,
    fromRealm: row.from_realm,
    toRealm: row.to_realm,
    reason: row.reason,
    stallMs: row.stall_ms,
    resumeEids: parseEids(row.resume_eids_json),
    lost: row.lost,
    duplicated: row.duplicated,
  };
}

/**
 * A session a realm holds a connection of is kept whatever its age. An SDK report alone does not
 * keep it: anyone may publish reports, and they must not grow the database without bound.
 */
const WITHOUT_OPEN_CONNECTION = `NOT EXISTS (SELECT 1 FROM client_connections AS c
  WHERE c.name = client_sessions.name AND c.closed_at IS NULL)`;

/** Client sessions (joined by client name) and their timelines in SQLite, with retention. */
export class ClientSessionStore {
  private readonly statements;

  constructor(private readonly db: Database) {
    this.statements = {
      get: db.prepare<[string], SessionRow>("SELECT * FROM client_sessions WHERE name = ?"),
      insert: db.prepare<[SessionRow]>(
        `INSERT INTO client_sessions (name, realm, protocol, state, since, last_event_at, failovers,
           last_stall_ms, sdk, lost, duplicated, report_session_id, reported_gaps, reported_duplicates)
         VALUES (@name, @realm, @protocol, @state, @since, @last_event_at, @failovers, @last_stall_ms,
           @sdk, @lost, @duplicated, @report_session_id, @reported_gaps, @reported_duplicates)`,
      ),
      update: db.prepare<[SessionRow]>(
        `UPDATE client_sessions SET realm = @realm, protocol = @protocol, state = @state,
           since = @since, last_event_at = @last_event_at, failovers = @failovers,
           last_stall_ms = @last_stall_ms, sdk = @sdk, lost = @lost, duplicated = @duplicated,
           report_session_id = @report_session_id, reported_gaps = @reported_gaps,
           reported_duplicates = @reported_duplicates
         WHERE name = @name`,
      ),
      hasEntry: db.prepare<[string], { id: number }>(
        "SELECT id FROM session_timeline WHERE dedupe_key = ?",
      ),
      addEntry: db.prepare<[TimelineRow]>(
        `INSERT OR IGNORE INTO session_timeline (session, at, type, source, realm, from_realm,
           to_realm, reason, stall_ms, resume_eids_json, lost, duplicated, dedupe_key)
         VALUES (@session, @at, @type, @source, @realm, @from_realm, @to_realm, @reason, @stall_ms,
           @resume_eids_json, @lost, @duplicated, @dedupe_key)`,
      ),
      timeline: db.prepare<[string], TimelineRow>(
        "SELECT * FROM session_timeline WHERE session = ? ORDER BY at, id",
      ),
      failovers: db.prepare<[string, string], TimelineRow>(
        `SELECT * FROM session_timeline
         WHERE type = 'failover' AND source = 'sdk' AND at >= ? AND at <= ? ORDER BY at, id`,
      ),
    };
  }

  get(name: string): SessionRow | undefined {
    return this.statements.get.get(name);
  }

  /** Saves a session: inserts it if new, else overwrites its row. */
  save(row: SessionRow, isNew: boolean): void {
    (isNew ? this.statements.insert : this.statements.update).run(row);
  }

  /** Whether an entry with this key was recorded already (a relayed copy of an SDK report). */
  hasEntry(dedupeKey: string): boolean {
    return this.statements.hasEntry.get(dedupeKey) !== undefined;
  }

  addEntry(session: string, entry: NewTimelineEntry): void {
    this.statements.addEntry.run({
      session,
      at: entry.at,
      type: entry.type,
      source: entry.source,
      realm: entry.realm,
      from_realm: entry.fromRealm ?? null,
      to_realm: entry.toRealm ?? null,
      reason: entry.reason ?? null,
      stall_ms: entry.stallMs ?? null,
      resume_eids_json: JSON.stringify(entry.resumeEids ?? {}),
      lost: entry.lost ?? 0,
      duplicated: entry.duplicated ?? 0,
      dedupe_key: entry.dedupeKey ?? null,
    });
  }

  /** Most recently active first; `total` counts every session matching the filter. */
  list(query: SessionListQuery): { sessions: ClientSession[]; total: number } {
    const where = query.realm === undefined ? "" : "WHERE realm = @realm";
    const params = { realm: query.realm ?? null, limit: query.limit };
    const rows = this.db
      .prepare<[typeof params], SessionRow>(
        `SELECT * FROM client_sessions ${where} ORDER BY last_event_at DESC, name LIMIT @limit`,
      )
      .all(params);
    const { total } = this.db
      .prepare<[typeof params], { total: number }>(
        `SELECT COUNT(*) AS total FROM client_sessions ${where}`,
      )
      .get(params) ?? { total: 0 };
    return { sessions: rows.map(toSession), total };
  }

  detail(name: string): { session: ClientSession; timeline: SessionTimelineEntry[] } | undefined {
    const row = this.get(name);
    if (!row) return undefined;
    return { session: toSession(row), timeline: this.statements.timeline.all(name).map(toEntry) };
  }

  /** SDK failovers with `at` in [from, to], oldest first. */
  failoversBetween(from: Date, to: Date): SessionFailoverEvent[] {
    return this.statements.failovers
      .all(from.toISOString(), to.toISOString())
      .map((row) => toFailoverEvent(row.session, toEntry(row)));
  }

  /** Applies the retention limits; returns how many sessions were forgotten. */
  prune(now = Date.now()): number {
    const cutoff = new Date(now - SESSION_RETENTION_MS).toISOString();
    return this.db.transaction(() => {
      const old = this.db
        .prepare(
          `DELETE FROM client_sessions WHERE last_event_at < ? AND ${WITHOUT_OPEN_CONNECTION}`,
        )
        .run(cutoff).changes;
      const excess = this.db
        .prepare(
          `DELETE FROM client_sessions WHERE name IN (
             SELECT name FROM client_sessions WHERE ${WITHOUT_OPEN_CONNECTION}
             ORDER BY last_event_at DESC LIMIT -1 OFFSET ?)`,
        )
        .run(MAX_IDLE_SESSIONS).changes;
      this.db
        .prepare(
          `DELETE FROM session_timeline WHERE id IN (
             SELECT id FROM (
               SELECT id, ROW_NUMBER() OVER (PARTITION BY session ORDER BY id DESC) AS newest
               FROM session_timeline)
             WHERE newest > ?)`,
        )
        .run(MAX_TIMELINE_ENTRIES);
      this.db
        .prepare("DELETE FROM client_connections WHERE closed_at IS NOT NULL AND closed_at < ?")
        .run(cutoff);
      return old + excess;
    })();
  }
}

export function toFailoverEvent(
  session: string,
  entry: SessionTimelineEntry,
): SessionFailoverEvent {
  return {
    session,
    from: entry.fromRealm,
    to: entry.toRealm,
    stallMs: entry.stallMs,
    resumeEid: entry.resumeEids,
    lost: entry.lost,
    duplicated: entry.duplicated,
    at: entry.at,
  };
}
