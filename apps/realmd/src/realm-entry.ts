import type { HostedRealm, RealmAppUser } from "@em/contracts";
import { Mutex } from "./mutex.js";
import { realmPaths, type RealmPaths } from "./realm-paths.js";
import type { StoredRealm } from "./realm-store.js";
import {
  RealmSupervisor,
  type RealmSupervisorOptions,
  type SupervisedRealm,
} from "./realm-supervisor.js";

/** A realm's definition: what survives realmd restarts, minus the live process state. */
export type RealmDefinition = Omit<StoredRealm, "pid" | "startedAt" | "lastExit">;

/** One realm as realmd holds it in memory: its definition, its files and its process. */
export interface RealmEntry {
  definition: RealmDefinition;
  paths: RealmPaths;
  supervisor: RealmSupervisor;
  /** Serializes the actions on this realm. */
  mutex: Mutex;
  /** Set once deleted, for actions that were queued behind the deletion. */
  removed: boolean;
}

export function createRealmEntry(
  dataDir: string,
  definition: RealmDefinition,
  supervisorOptions: RealmSupervisorOptions,
  lastExit: StoredRealm["lastExit"],
  /** The host's application credentials, read at each config write. */
  appUsers: () => readonly RealmAppUser[] = () => [],
): RealmEntry {
  const paths = realmPaths(dataDir, definition.name);
  // The supervisor reads the definition live: a cluster change is seen by the next start.
  // (The manager changes the definition's fields, never replaces the object.)
  const supervised: SupervisedRealm = {
    get name() {
      return definition.name;
    },
    get bindHost() {
      return definition.bindHost;
    },
    get ports() {
      return definition.ports;
    },
    paths,
    get credentials() {
      return definition.credentials;
    },
    get cluster() {
      return definition.cluster;
    },
    get appUsers() {
      return appUsers();
    },
  };
  return {
    definition,
    paths,
    supervisor: new RealmSupervisor(supervised, supervisorOptions, lastExit),
    mutex: new Mutex(),
    removed: false,
  };
}

/** What realmd shows of a realm: everything but its credentials. */
export function hostedRealm(entry: RealmEntry): HostedRealm {
  const { definition } = entry;
  return {
    name: definition.name,
    bindHost: definition.bindHost,
    ports: { ...definition.ports },
    tls:
      definition.ports.nsps === null && definition.ports.nhps === null
        ? null
        : { certificate: definition.tls ? "operator" : "generated" },
    dataDir: entry.paths.dir,
    desiredState: definition.desiredState,
    process: entry.supervisor.view(),
    cluster: definition.cluster
      ? { ...definition.cluster, routes: [...definition.cluster.routes] }
      : null,
  };
}
