import { randomBytes } from "node:crypto";
import { hashPassword } from "./password.js";
import type { UserStore } from "./user-store.js";

/** The first user's name on an empty database. */
export const FIRST_ADMIN_USERNAME = "admin";

/**
 * On a database without users, creates `admin` with the configured password or a generated
 * one. A generated password goes to `print` once (stdout, not the logger, so log shipping never
 * sees it) and only its hash is stored.
 * @returns true when the admin was created.
 */
export async function ensureFirstAdmin(
  users: UserStore,
  configuredPassword: string | undefined,
  print: (line: string) => void,
): Promise<boolean> {
  if (users.count() > 0) return false;
  const password = configuredPassword ?? randomBytes(18).toString("base64url");
  const passwordHash = await hashPassword(password);
  // Re-check after the await: another start-up path must not create a second admin.
  if (users.count() > 0) return false;
  users.create({ username: FIRST_ADMIN_USERNAME, role: "admin", passwordHash });
  if (configuredPassword === undefined) {
    print(
      `First login: user "${FIRST_ADMIN_USERNAME}", password "${password}" (shown once: store it safely; EM_ADMIN_PASSWORD chooses it on a new data folder)`,
    );
  }
  return true;
}
