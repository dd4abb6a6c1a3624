import { randomUUID } from "node:crypto";
import { z } from "zod";
import { HostedRealmSchema, type Host, type HostStatus, type HostedRealm } from "@em/contracts";
import type { Database } from "./database.js";

/** A registered host as stored, token included: never hand this to a route or the logger. */
export interface HostRecord {
  id: string;
  name: string;
  url: string;
  token: string;
  createdAt: string;
  status: HostStatus;
  version: string | null;
  hostname: string | null;
  realmCount: number;
  lastSeen: string | null;
  problem: string | null;
  /** The last realm list realmd gave, to show something while it is unreachable. */
  realms: HostedRealm[];
}

/** What a poll learned about a host. */
export type HostObservation = Pick<
  HostRecord,
  "status" | "version" | "hostname" | "realmCount" | "lastSeen" | "problem" | "realms"
>;

interface HostRow {
  id: string;
  name: string;
  url: string;
  token: string;
  created_at: string;
  status: HostStatus;
  version: string | null;
  hostname: string | null;
  realm_count: number;
  last_seen: string | null;
  problem: string | null;
  realms_json: string;
}

const StoredRealmsSchema = z.array(HostedRealmSchema);

function parseRealms(json: string): HostedRealm[] {
  try {
    const parsed = StoredRealmsSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

function toRecord(row: HostRow): HostRecord {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    token: row.token,
    createdAt: row.created_at,
    status: row.status,
    version: row.version,
    hostname: row.hostname,
    realmCount: row.realm_count,
    lastSeen: row.last_seen,
    problem: row.problem,
    realms: parseRealms(row.realms_json),
  };
}

/** The wire shape of a host: everything but its token. */
export function toHost(record: HostRecord): Host {
  return {
    id: record.id,
    name: record.name,
    url: record.url,
    status: record.status,
    version: record.version,
    hostname: record.hostname,
    realmCount: record.realmCount,
    lastSeen: record.lastSeen,
    problem: record.problem,
    createdAt: record.createdAt,
  };
}

/** Registered realm hosts in SQLite. */
export class HostStore {
  constructor(private readonly db: Database) {}

  list(): HostRecord[] {
    return this.db
      .prepare<[], HostRow>("SELECT * FROM hosts ORDER BY created_at, name")
      .all()
      .map(toRecord);
  }

  get(id: string): HostRecord | undefined {
    const row = this.db.prepare<[string], HostRow>("SELECT * FROM hosts WHERE id = ?").get(id);
    return row && toRecord(row);
  }

  findByUrl(url: string): HostRecord | undefined {
    const row = this.db.prepare<[string], HostRow>("SELECT * FROM hosts WHERE url = ?").get(url);
    return row && toRecord(row);
  }

  /** Inserts a host; throws SQLite's unique-constraint error for a URL already registered. */
  insert(host: Omit<HostRecord, "id" | "createdAt">): HostRecord {
    const record: HostRecord = { ...host, id: randomUUID(), createdAt: new Date().toISOString() };
    this.db
      .prepare(
        `INSERT INTO hosts (id, name, url, token, created_at, status, version, hostname,
                            realm_count, last_seen, problem, realms_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        record.id,
        record.name,
        record.url,
        record.token,
        record.createdAt,
        record.status,
        record.version,
        record.hostname,
        record.realmCount,
        record.lastSeen,
        record.problem,
        JSON.stringify(record.realms),
      );
    return record;
  }

  /** Records what a poll learned; a no-op for a host deleted meanwhile. */
  observe(id: string, observation: HostObservation): void {
    this.db
      .prepare(
        `UPDATE hosts SET status = ?, version = ?, hostname = ?, realm_count = ?, last_seen = ?,
                          problem = ?, realms_json = ?
         WHERE id = ?`,
      )
      .run(
        observation.status,
        observation.version,
        observation.hostname,
        observation.realmCount,
        observation.lastSeen,
        observation.problem,
        JSON.stringify(observation.realms),
        id,
      );
  }

  delete(id: string): boolean {
    return this.db.prepare("DELETE FROM hosts WHERE id = ?").run(id).changes > 0;
  }
}
