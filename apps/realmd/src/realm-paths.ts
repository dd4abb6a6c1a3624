import { join } from "node:path";
import { SYSTEM_ACCOUNT } from "./realm-config.js";

/** Where one realm keeps its files under realmd's data folder. */
export interface RealmPaths {
  dir: string;
  configPath: string;
  /** The config's `store_dir`; nats-server keeps its data in a `jetstream` folder inside. */
  storeDir: string;
  /**
   * The JetStream meta group's state, present once the realm has been in a cluster. Left from
   * another cluster it breaks a join (DESIGN.md, engine facts); seen on 2.10.27 at
   * `<store_dir>/jetstream/<system account>/_js_`.
   */
  metaStateDir: string;
  /** Copies of replicated stores a realm kept when it left its cluster (replica-copies.ts). */
  setAsideDir: string;
  logPath: string;
  /** The realm's generated TLS certificate and key (realm-tls.ts). */
  tlsDir: string;
}

export function realmPaths(dataDir: string, name: string): RealmPaths {
  const dir = join(dataDir, "realms", name);
  const storeDir = join(dir, "jetstream");
  return {
    dir,
    configPath: join(dir, "nats.conf"),
    storeDir,
    metaStateDir: join(storeDir, "jetstream", SYSTEM_ACCOUNT, "_js_"),
    setAsideDir: join(dir, "set-aside"),
    logPath: join(dir, "nats.log"),
    tlsDir: join(dir, "tls"),
  };
}
