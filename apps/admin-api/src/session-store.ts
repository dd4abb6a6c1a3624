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

// Writing last_seen on every request would turn each read into a write; a minute is precise enough.
const LAST_SEEN_RESOLUTION_MS = 60_000;

/** Sessions are stored by the sha256 of their cookie token, never the token itself. */
export function sessionIdOf(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export class SessionStore {
  constructor(private readonly db: Database) {}

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

  /** The session's user when the token names an unexpired session. */
  find(token: string, now = new Date()): SessionUser | undefined {
    const row = this.db
      .prepare<
        [string, string],
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
         WHERE s.id = ? AND s.expires_at > ?`,
      )
      .get(sessionIdOf(token), now.toISOString());
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

  /** Whether a session still exists and has not expired (for long-lived sockets). */
  isActive(sessionId: string, now = new Date()): boolean {
    return (
      this.db
        .prepare<[string, string], { id: string }>(
          "SELECT id FROM sessions WHERE id = ? AND expires_at > ?",
        )
        .get(sessionId, now.toISOString()) !== undefined
    );
  }

  delete(sessionId: string): void {
    this.db.prepare("DELETE FROM sessions WHERE id = ?").run(sessionId);
  }

  deleteExpired(now = new Date()): number {
    return this.db.prepare("DELETE FROM sessions WHERE expires_at <= ?").run(now.toISOString())
      .changes;
  }
}
