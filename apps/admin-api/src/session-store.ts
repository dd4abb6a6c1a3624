import { createHash, randomBytes } from "node:crypto";
import type { Role } from "@em/contracts";
import type { Database } from "./database.js";

/** A live session joined with its user. */
export interface SessionUser {
  sessionId: string;
  userId: number;
  username: string;
  role: Role;
  expiresAt: string;
}

/**
 * A session unused this long ends, whatever its absolute expiry (`EM_SESSION_IDLE_MINUTES`).
 * @default 3600000 (one hour)
 */
export const DEFAULT_SESSION_IDLE_MS = 60 * 60_000;

// Writing last_seen on every request would turn each read into a write; a minute is precise enough.
const LAST_SEEN_RESOLUTION_MS = 60_000;

/** Sessions are stored by the sha256 of their cookie token, never the token itself. */
export function sessionIdOf(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export interface SessionStoreOptions {
  /** @default DEFAULT_SESSION_IDLE_MS */
  idleTimeoutMs?: number;
}

export class SessionStore {
  private readonly idleTimeoutMs: number;

  constructor(
    private readonly db: Database,
    options: SessionStoreOptions = {},
  ) {
    this.idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_SESSION_IDLE_MS;
  }

  /** Creates a session and returns its cookie token (256 random bits). */
  create(userId: number, ttlMs: number, now = new Date()): { token: string; expiresAt: Date } {
    const token = randomBytes(32).toString("base64url");
    const expiresAt = new Date(now.getTime() + ttlMs);
    this.db
      .prepare(
        "INSERT INTO sessions (id, user_id, created_at, expires_at, last_seen) VALUES (?, ?, ?, ?, ?)",
      )
      .run(
        sessionIdOf(token),
        userId,
        now.toISOString(),
        expiresAt.toISOString(),
        now.toISOString(),
      );
    return { token, expiresAt };
  }

  /** The session's user when the token names a session neither expired nor idle too long. */
  find(token: string, now = new Date()): SessionUser | undefined {
    const row = this.db
      .prepare<
        [string, string, string],
        {
          id: string;
          user_id: number;
          username: string;
          role: Role;
          expires_at: string;
          last_seen: string;
        }
      >(
        `SELECT s.id, s.user_id, u.username, u.role, s.expires_at, s.last_seen
         FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.id = ? AND s.expires_at > ? AND s.last_seen > ?`,
      )
      .get(sessionIdOf(token), now.toISOString(), this.idleSince(now));
    if (!row) return undefined;
    if (now.getTime() - Date.parse(row.last_seen) > LAST_SEEN_RESOLUTION_MS) {
      this.db
        .prepare("UPDATE sessions SET last_seen = ? WHERE id = ?")
        .run(now.toISOString(), row.id);
    }
    return {
      sessionId: row.id,
      userId: row.user_id,
      username: row.username,
      role: row.role,
      expiresAt: row.expires_at,
    };
  }

  /** Whether a session still exists, unexpired and not idle (for long-lived sockets). */
  isActive(sessionId: string, now = new Date()): boolean {
    return (
      this.db
        .prepare<[string, string, string], { id: string }>(
          "SELECT id FROM sessions WHERE id = ? AND expires_at > ? AND last_seen > ?",
        )
        .get(sessionId, now.toISOString(), this.idleSince(now)) !== undefined
    );
  }

  /**
   * {@link isActive} for a session that is being used without requests (a live socket): when
   * active, its last use moves to `now`, so an open live view does not count as idle.
   */
  touchIfActive(sessionId: string, now = new Date()): boolean {
    return (
      this.db
        .prepare(
          "UPDATE sessions SET last_seen = ? WHERE id = ? AND expires_at > ? AND last_seen > ?",
        )
        .run(now.toISOString(), sessionId, now.toISOString(), this.idleSince(now)).changes > 0
    );
  }

  /** Live sessions per user id; users without one are absent. */
  activeCounts(now = new Date()): Map<number, number> {
    const rows = this.db
      .prepare<[string, string], { user_id: number; n: number }>(
        `SELECT user_id, count(*) AS n FROM sessions
         WHERE expires_at > ? AND last_seen > ? GROUP BY user_id`,
      )
      .all(now.toISOString(), this.idleSince(now));
    return new Map(rows.map((row) => [row.user_id, row.n]));
  }

  delete(sessionId: string): void {
    this.db.prepare("DELETE FROM sessions WHERE id = ?").run(sessionId);
  }

  /**
   * Deletes every session of a user, but `keepSessionId` if given.
   * @returns the ids deleted, so their live sockets can be closed.
   */
  deleteForUser(userId: number, keepSessionId?: string): string[] {
    return this.db
      .prepare<[number, string], { id: string }>(
        "DELETE FROM sessions WHERE user_id = ? AND id != ? RETURNING id",
      )
      .all(userId, keepSessionId ?? "")
      .map((row) => row.id);
  }

  /** Deletes sessions past their expiry or idle too long. */
  deleteExpired(now = new Date()): number {
    return this.db
      .prepare("DELETE FROM sessions WHERE expires_at <= ? OR last_seen <= ?")
      .run(now.toISOString(), this.idleSince(now)).changes;
  }

  private idleSince(now: Date): string {
    return new Date(now.getTime() - this.idleTimeoutMs).toISOString();
  }
}
