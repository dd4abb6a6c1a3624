import { randomBytes } from "node:crypto";
import bcrypt from "bcryptjs";
import {
  ApiError,
  type AppCredentialChange,
  type AppCredentialList,
  type AppCredentialSecret,
  type CreateAppCredential,
  type UpdateAppCredential,
} from "@em/contracts";
import type { AppCredentialStore } from "./app-credential-store.js";
import type { AppUserSync } from "./app-user-sync.js";

/**
 * bcrypt cost of application passwords: realms check it at every connect, so this is what a
 * connection costs (about 60 ms here); the passwords are 32 random characters anyway.
 * @default 10
 */
export const APP_PASSWORD_BCRYPT_COST = 10;

/** 24 random bytes as 32 base64url characters: needs no quoting anywhere. */
function generatePassword(): string {
  return randomBytes(24).toString("base64url");
}

function notFound(name: string): ApiError {
  return new ApiError("NOT_FOUND", `No application credential named ${name}`);
}

/**
 * Application credentials: SQLite holds the desired state (bcrypt hashes, never passwords),
 * {@link AppUserSync} brings every realm host to it. A change is saved first and then pushed;
 * hosts that could not take it are named in the answer's `sync` and retried until they do.
 */
export class AppCredentialService {
  constructor(
    private readonly store: AppCredentialStore,
    private readonly sync: AppUserSync,
  ) {}

  list(): AppCredentialList {
    return { credentials: this.store.list(), sync: this.sync.status() };
  }

  async create(input: CreateAppCredential): Promise<AppCredentialSecret> {
    const password = generatePassword();
    const hash = await bcrypt.hash(password, APP_PASSWORD_BCRYPT_COST);
    if (!this.store.insert(input.name, hash, input.permissions, new Date().toISOString()))
      throw new ApiError("CONFLICT", `An application credential named ${input.name} exists`);
    return { ...(await this.changed(input.name)), password };
  }

  async update(name: string, input: UpdateAppCredential): Promise<AppCredentialChange> {
    if (!this.store.updatePermissions(name, input.permissions, new Date().toISOString()))
      throw notFound(name);
    return this.changed(name);
  }

  async rotate(name: string): Promise<AppCredentialSecret> {
    if (!this.store.get(name)) throw notFound(name);
    const password = generatePassword();
    const hash = await bcrypt.hash(password, APP_PASSWORD_BCRYPT_COST);
    if (!this.store.setPasswordHash(name, hash, new Date().toISOString())) throw notFound(name);
    return { ...(await this.changed(name)), password };
  }

  async delete(name: string): Promise<void> {
    if (!this.store.delete(name)) throw notFound(name);
    await this.sync.changed();
  }

  private async changed(name: string): Promise<AppCredentialChange> {
    const sync = await this.sync.changed();
    const credential = this.store.get(name);
    // Deleted by a concurrent request while the push ran.
    if (!credential) throw notFound(name);
    return { credential, sync };
  }
}
