import type { Role, User } from "@em/contracts";
import type { Database } from "./database.js";

export interface UserRecord extends User {
  id: number;
  passwordHash: string;
  createdAt: string;
  /** Absent until the user first logs in. */
  lastLoginAt?: string;
}

interface UserRow {
  id: number;
  username: string;
  password_hash: string;
  role: Role;
  created_at: string;
  last_login_at: string | null;
}

function toRecord(row: UserRow): UserRecord {
  return {
    id: row.id,
    username: row.username,
    role: row.role,
    passwordHash: row.password_hash,
    createdAt: row.created_at,
    ...(row.last_login_at === null ? {} : { lastLoginAt: row.last_login_at }),
  };
}

/** Console users in SQLite. */
export class UserStore {
  constructor(private readonly db: Database) {}

  count(): number {
    return this.db.prepare<[], { n: number }>("SELECT count(*) AS n FROM users").get()?.n ?? 0;
  }

  countWithRole(role: Role): number {
    return (
      this.db
        .prepare<[Role], { n: number }>("SELECT count(*) AS n FROM users WHERE role = ?")
        .get(role)?.n ?? 0
    );
  }

  /** Every user, by name. */
  list(): UserRecord[] {
    return this.db
      .prepare<[], UserRow>("SELECT * FROM users ORDER BY username")
      .all()
      .map(toRecord);
  }

  findByUsername(username: string): UserRecord | undefined {
    const row = this.db
      .prepare<[string], UserRow>("SELECT * FROM users WHERE username = ?")
      .get(username);
    return row && toRecord(row);
  }

  findById(id: number): UserRecord | undefined {
    const row = this.db.prepare<[number], UserRow>("SELECT * FROM users WHERE id = ?").get(id);
    return row && toRecord(row);
  }

  create(user: { username: string; role: Role; passwordHash: string }): UserRecord {
    const createdAt = new Date().toISOString();
    const result = this.db
      .prepare("INSERT INTO users (username, password_hash, role, created_at) VALUES (?, ?, ?, ?)")
      .run(user.username, user.passwordHash, user.role, createdAt);
    return { id: Number(result.lastInsertRowid), ...user, createdAt };
  }

  setRole(id: number, role: Role): void {
    this.db.prepare("UPDATE users SET role = ? WHERE id = ?").run(role, id);
  }

  setPasswordHash(id: number, passwordHash: string): void {
    this.db.prepare("UPDATE users SET password_hash = ? WHERE id = ?").run(passwordHash, id);
  }

  recordLogin(id: number, at = new Date()): void {
    this.db.prepare("UPDATE users SET last_login_at = ? WHERE id = ?").run(at.toISOString(), id);
  }

  /** Deletes the user; their sessions go with them (ON DELETE CASCADE). */
  delete(id: number): void {
    this.db.prepare("DELETE FROM users WHERE id = ?").run(id);
  }

  /** Runs `fn` in one SQLite transaction: a check and the write it guards commit together. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }
}
