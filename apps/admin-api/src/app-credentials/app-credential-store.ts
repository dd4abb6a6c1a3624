import {
  AppPermissionsSchema,
  type AppCredential,
  type AppPermissions,
  type RealmAppUser,
} from "@em/contracts";
import type { Database } from "../database.js";

interface AppCredentialRow {
  name: string;
  password_hash: string;
  permissions_json: string;
  created_at: string;
  updated_at: string;
  password_set_at: string;
}

function toCredential(row: AppCredentialRow): AppCredential {
  return {
    name: row.name,
    permissions: AppPermissionsSchema.parse(JSON.parse(row.permissions_json)),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    passwordSetAt: row.password_set_at,
  };
}

/** Application credentials in SQLite: what the API shows, and the hashes only realms get. */
export class AppCredentialStore {
  constructor(private readonly db: Database) {}

  list(): AppCredential[] {
    return this.rows().map(toCredential);
  }

  get(name: string): AppCredential | undefined {
    const row = this.db
      .prepare<[string], AppCredentialRow>("SELECT * FROM app_credentials WHERE name = ?")
      .get(name);
    return row ? toCredential(row) : undefined;
  }

  /** Every credential as realms carry it: bcrypt hash and grants. Never for a route. */
  realmUsers(): RealmAppUser[] {
    return this.rows().map((row) => ({
      user: row.name,
      passwordHash: row.password_hash,
      permissions: AppPermissionsSchema.parse(JSON.parse(row.permissions_json)),
    }));
  }

  /** False when the name is taken. */
  insert(name: string, passwordHash: string, permissions: AppPermissions, at: string): boolean {
    const result = this.db
      .prepare(
        `INSERT INTO app_credentials
           (name, password_hash, permissions_json, created_at, updated_at, password_set_at)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING`,
      )
      .run(name, passwordHash, JSON.stringify(permissions), at, at, at);
    return result.changes === 1;
  }

  updatePermissions(name: string, permissions: AppPermissions, at: string): boolean {
    return (
      this.db
        .prepare("UPDATE app_credentials SET permissions_json = ?, updated_at = ? WHERE name = ?")
        .run(JSON.stringify(permissions), at, name).changes === 1
    );
  }

  setPasswordHash(name: string, passwordHash: string, at: string): boolean {
    return (
      this.db
        .prepare(
          `UPDATE app_credentials SET password_hash = ?, password_set_at = ?, updated_at = ?
           WHERE name = ?`,
        )
        .run(passwordHash, at, at, name).changes === 1
    );
  }

  delete(name: string): boolean {
    return this.db.prepare("DELETE FROM app_credentials WHERE name = ?").run(name).changes === 1;
  }

  private rows(): AppCredentialRow[] {
    return this.db
      .prepare<[], AppCredentialRow>("SELECT * FROM app_credentials ORDER BY name")
      .all();
  }
}
