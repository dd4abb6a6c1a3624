import type { AuditEntry, AuditQuery, AuditResult, Role } from "@em/contracts";
import type { Database } from "../database.js";

/** One call to record; the store adds its id. */
export interface AuditRecord {
  at: Date;
  username: string | null;
  role: Role | null;
  action: string;
  method: string;
  path: string;
  target: Record<string, string>;
  /** Already redacted (see redactParams). */
  params: unknown;
  result: AuditResult;
  status: number;
  clientIp: string | null;
}

/** The filters of a list or an export: everything of {@link AuditQuery} but the page size. */
export type AuditFilters = Omit<AuditQuery, "limit">;

interface AuditRow {
  id: number;
  at: string;
  username: string | null;
  role: Role | null;
  action: string;
  method: string;
  path: string;
  target: string;
  params: string | null;
  result: AuditResult;
  status: number;
  client_ip: string | null;
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    at: row.at,
    username: row.username,
    role: row.role,
    action: row.action,
    method: row.method,
    path: row.path,
    target: JSON.parse(row.target) as Record<string, string>,
    params: row.params === null ? null : (JSON.parse(row.params) as unknown),
    result: row.result,
    status: row.status,
    clientIp: row.client_ip,
  };
}

/** `WHERE …` and its values for the filters; times compare as ISO strings in UTC, as stored. */
function whereClause(filters: AuditFilters): { sql: string; values: (string | number)[] } {
  const conditions: string[] = [];
  const values: (string | number)[] = [];
  if (filters.username !== undefined) {
    conditions.push("username = ?");
    values.push(filters.username);
  }
  if (filters.action !== undefined) {
    conditions.push("action = ?");
    values.push(filters.action);
  }
  if (filters.result === "ok") conditions.push("result = 'ok'");
  if (filters.result === "failed") conditions.push("result <> 'ok'");
  if (filters.from !== undefined) {
    conditions.push("at >= ?");
    values.push(new Date(filters.from).toISOString());
  }
  if (filters.to !== undefined) {
    conditions.push("at < ?");
    values.push(new Date(filters.to).toISOString());
  }
  if (filters.before !== undefined) {
    conditions.push("id < ?");
    values.push(filters.before);
  }
  return { sql: conditions.length ? `WHERE ${conditions.join(" AND ")}` : "", values };
}

/**
 * The audit log in SQLite: appends and reads, nothing else. The table's triggers refuse any
 * UPDATE or DELETE (migration 6), so not even a bug here could rewrite history.
 */
export class AuditStore {
  constructor(private readonly db: Database) {}

  /** Appends one entry and returns its id. */
  append(record: AuditRecord): number {
    const info = this.db
      .prepare(
        `INSERT INTO audit_log
           (at, username, role, action, method, path, target, params, result, status, client_ip)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        record.at.toISOString(),
        record.username,
        record.role,
        record.action,
        record.method,
        record.path,
        JSON.stringify(record.target),
        record.params === null ? null : JSON.stringify(record.params),
        record.result,
        record.status,
        record.clientIp,
      );
    return Number(info.lastInsertRowid);
  }

  /** Up to `limit` matching entries, newest first, and the cursor of the next page. */
  list(filters: AuditFilters, limit: number): { entries: AuditEntry[]; nextBefore: number | null } {
    const { sql, values } = whereClause(filters);
    // One more than asked tells whether another page exists.
    const rows = this.db
      .prepare<(string | number)[], AuditRow>(
        `SELECT * FROM audit_log ${sql} ORDER BY id DESC LIMIT ?`,
      )
      .all(...values, limit + 1);
    const entries = rows.slice(0, limit).map(toEntry);
    const last = entries.at(-1);
    return { entries, nextBefore: rows.length > limit && last ? last.id : null };
  }
}
