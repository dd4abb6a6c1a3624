import type { Role, User } from "@em/contracts";
import type { Database } from "./database.js";

export interface UserRecord extends User {
  id: number;
  passwordHash: string;
  createdAt: string;
}

interface UserRow {
  id: number;
  username: string;
  password_hash: string;
  role: Role;
  created_at: string;
}

function toRecord(row: UserRow): UserRecord {
  return {
    id: row.id,
    username: row.username,
    role: row.role,
    passwordHash: row.password_hash,
    createdAt: row.created_at,
  };
}

/** Console users in SQLite. */
export class UserStore {
  constructor(private readonly db: Database) {}

  count(): number {
    return this.db.prepare<[], { n: number }>("SELECT count(*) AS n FROM users").get()?.n ?? 0;
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
}
