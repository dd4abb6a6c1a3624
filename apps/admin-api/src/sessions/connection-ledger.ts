import type { ClientProtocol } from "@em/contracts";
import type { Database } from "../database.js";
import type { ConnectionFacts } from "./connection-event.js";

interface ConnectionRow {
  conn_key: string;
  server_id: string;
  cid: number;
  realm: string;
  name: string | null;
  ip: string | null;
  protocol: ClientProtocol | null;
  opened_at: string;
  closed_at: string | null;
  reason: string | null;
}

function toFacts(row: ConnectionRow): ConnectionFacts {
  return {
    key: row.conn_key,
    serverId: row.server_id,
    cid: row.cid,
    realm: row.realm,
    name: row.name,
    ip: row.ip,
    protocol: row.protocol,
    openedAt: row.opened_at,
  };
}

/**
 * Every client connection seen, open or closed, in SQLite. It is also what de-duplicates the
 * engine's advisories: a cluster delivers each one once per member.
 */
export class ConnectionLedger {
  private readonly insertOpen;
  private readonly insertClosed;
  private readonly markClosed;
  private readonly nameUnnamed;
  private readonly byKey;
  private readonly openOnRealm;
  private readonly latestOpenOfName;

  constructor(db: Database) {
    this.insertOpen = db.prepare<[ConnectionRow]>(
      `INSERT OR IGNORE INTO client_connections
         (conn_key, server_id, cid, realm, name, ip, protocol, opened_at, closed_at, reason)
       VALUES (@conn_key, @server_id, @cid, @realm, @name, @ip, @protocol, @opened_at, NULL, NULL)`,
    );
    this.insertClosed = db.prepare<[ConnectionRow]>(
      `INSERT OR IGNORE INTO client_connections
         (conn_key, server_id, cid, realm, name, ip, protocol, opened_at, closed_at, reason)
       VALUES (@conn_key, @server_id, @cid, @realm, @name, @ip, @protocol, @opened_at, @closed_at, @reason)`,
    );
    this.markClosed = db.prepare<[string, string | null, string]>(
      "UPDATE client_connections SET closed_at = ?, reason = ? WHERE conn_key = ? AND closed_at IS NULL",
    );
    this.nameUnnamed = db.prepare<[string, ClientProtocol | null, string]>(
      "UPDATE client_connections SET name = ?, protocol = COALESCE(?, protocol) WHERE conn_key = ? AND name IS NULL",
    );
    this.byKey = db.prepare<[string], ConnectionRow>(
      "SELECT * FROM client_connections WHERE conn_key = ?",
    );
    this.openOnRealm = db.prepare<[string], ConnectionRow>(
      "SELECT * FROM client_connections WHERE realm = ? AND closed_at IS NULL",
    );
    this.latestOpenOfName = db.prepare<[string], ConnectionRow>(
      `SELECT * FROM client_connections WHERE name = ? AND closed_at IS NULL
       ORDER BY opened_at DESC LIMIT 1`,
    );
  }

  /**
   * Records an opened connection: "new", "known" for a relayed copy, or "named" when it was
   * known without a name — a snapshot can list a client still in its handshake, before it
   * said its name, and its connect advisory comes after.
   */
  opened(connection: ConnectionFacts): "new" | "named" | "known" {
    if (this.insertOpen.run(toRow(connection, null, null)).changes > 0) return "new";
    if (connection.name === null) return "known";
    const named = this.nameUnnamed.run(connection.name, connection.protocol, connection.key);
    return named.changes > 0 ? "named" : "known";
  }

  /**
   * Records a closed connection, also one whose opening was never seen; false when its close
   * was known already.
   */
  closed(connection: ConnectionFacts, at: string, reason: string | null): boolean {
    if (this.markClosed.run(at, reason, connection.key).changes > 0) return true;
    if (this.byKey.get(connection.key)) return false;
    return this.insertClosed.run(toRow(connection, at, reason)).changes > 0;
  }

  /** The connection as first recorded (its name and protocol from its opening). */
  get(key: string): ConnectionFacts | undefined {
    const row = this.byKey.get(key);
    return row && toFacts(row);
  }

  /** Connections recorded as open on a realm. */
  openOn(realm: string): ConnectionFacts[] {
    return this.openOnRealm.all(realm).map(toFacts);
  }

  /** The most recently opened connection of a client name that is still open. */
  latestOpen(name: string): ConnectionFacts | undefined {
    const row = this.latestOpenOfName.get(name);
    return row && toFacts(row);
  }
}

function toRow(c: ConnectionFacts, closedAt: string | null, reason: string | null): ConnectionRow {
  return {
    conn_key: c.key,
    server_id: c.serverId,
    cid: c.cid,
    realm: c.realm,
    name: c.name,
    ip: c.ip,
    protocol: c.protocol,
    opened_at: c.openedAt,
    closed_at: closedAt,
    reason,
  };
}
