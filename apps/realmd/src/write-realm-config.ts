import { mkdir, writeFile } from "node:fs/promises";
import { renderRealmConfig, type RealmConfigInput } from "./realm-config.js";
import type { RealmPaths } from "./realm-paths.js";

/**
 * Writes the realm's nats.conf afresh before each start and makes sure its JetStream folder
 * exists. Both are private to realmd's user: the config holds the realm's passwords.
 */
export async function writeRealmConfig(
  paths: RealmPaths,
  realm: Omit<RealmConfigInput, "storeDir">,
): Promise<void> {
  await mkdir(paths.storeDir, { recursive: true, mode: 0o700 });
  await writeFile(
    paths.configPath,
    renderRealmConfig({
      name: realm.name,
      bindHost: realm.bindHost,
      ports: realm.ports,
      storeDir: paths.storeDir,
      credentials: realm.credentials,
      cluster: realm.cluster ?? null,
      appUsers: realm.appUsers ?? [],
    }),
    { mode: 0o600 },
  );
}
