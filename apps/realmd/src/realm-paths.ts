import { join } from "node:path";

/** Where one realm keeps its files under realmd's data folder. */
export interface RealmPaths {
  dir: string;
  configPath: string;
  storeDir: string;
  logPath: string;
}

export function realmPaths(dataDir: string, name: string): RealmPaths {
  const dir = join(dataDir, "realms", name);
  return {
    dir,
    configPath: join(dir, "nats.conf"),
    storeDir: join(dir, "jetstream"),
    logPath: join(dir, "nats.log"),
  };
}
