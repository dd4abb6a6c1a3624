import { join } from "node:path";
import { RealmAppUserSchema, type RealmAppUser } from "@em/contracts";
import { z } from "zod";
import { readTextIfPresent, writeFileAtomically } from "./atomic-file.js";

const AppUsersFileSchema = z.object({
  version: z.literal(1),
  users: z.array(RealmAppUserSchema),
});

/**
 * `<dataDir>/app-users.json`: the application credentials every realm of this host carries, as
 * the admin API last sent them (bcrypt hashes, never passwords), so a restarted realmd writes
 * the same users into each config. Private to realmd's user; rewritten atomically.
 */
export class AppUserStore {
  readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, "app-users.json");
  }

  async load(): Promise<RealmAppUser[]> {
    const text = await readTextIfPresent(this.file);
    if (text === null) return [];
    const parsed = AppUsersFileSchema.safeParse(JSON.parse(text));
    if (!parsed.success)
      throw new Error(`${this.file} does not hold application users: ${parsed.error.message}`);
    return parsed.data.users;
  }

  async save(users: readonly RealmAppUser[]): Promise<void> {
    const body = `${JSON.stringify({ version: 1, users }, null, 2)}\n`;
    await writeFileAtomically(this.file, body, 0o600);
  }
}
