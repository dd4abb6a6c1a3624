import type {
  HostedRealm,
  LocalStoresChoice,
  Preflight,
  PreflightCheck,
  RealmJetStreamView,
  RealmStatus,
} from "@em/contracts";

/** What the preflight knows of one candidate realm; undefined when no registered host lists it. */
export interface CandidateRealm {
  name: string;
  status: RealmStatus;
  problem: string | null;
  definition: HostedRealm;
  jetstream: RealmJetStreamView | null;
  /** The cluster the admin API has recorded it in, if any. */
  recordedCluster: string | undefined;
  /** Its realm-local stores' names as listed through its client port; undefined when not read. */
  stores?: string[];
  /** Why its stores could not be listed. */
  storesProblem?: string;
}

export interface ClusterPreflightInput {
  cluster: string;
  /** True when a cluster of that name is already recorded (create only). */
  clusterTaken: boolean;
  /** The requested realms, in order; undefined entries are unknown realms. */
  realms: { name: string; realm: CandidateRealm | undefined }[];
  localStores: LocalStoresChoice;
  /** Adding a member: the stores the cluster already holds, which a joiner's must not clash with. */
  clusterStores?: string[];
  /** The cluster's size once the change is applied. */
  resultingSize: number;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;

/**
 * The checks run before realms join a cluster, shown to the operator before anything changes.
 * Any `error` refuses the change; warnings are shown and allowed.
 */
export function clusterPreflight(input: ClusterPreflightInput): Preflight {
  const checks: PreflightCheck[] = [];
  const add = (check: PreflightCheck) => checks.push(check);

  if (input.clusterTaken) {
    add({
      id: "cluster-name-free",
      level: "error",
      message: `A cluster named "${input.cluster}" already exists: choose another name or delete it first`,
    });
  }

  const unknown = input.realms.filter((r) => !r.realm).map((r) => r.name);
  if (unknown.length > 0) {
    add({
      id: "realms-exist",
      level: "error",
      message: `No realm named ${unknown.map((n) => `"${n}"`).join(", ")} on any registered host: create it or pick another`,
    });
  }

  for (const { realm } of input.realms) {
    if (!realm) continue;
    const name = realm.name;
    if (realm.status !== "online") {
      add({
        id: "member-online",
        level: "error",
        realm: name,
        message: `Realm "${name}" is ${realm.status}${realm.problem ? ` (${realm.problem})` : ""}: every member must be online; start it first`,
      });
    }
    const inCluster = realm.recordedCluster ?? realm.definition.cluster?.name;
    if (inCluster !== undefined) {
      add({
        id: "not-in-cluster",
        level: "error",
        realm: name,
        message: `Realm "${name}" is already in cluster "${inCluster}": remove it from that cluster first`,
      });
    }
    if (realm.definition.ports.cluster === null) {
      add({
        id: "cluster-port",
        level: "error",
        realm: name,
        message: `Realm "${name}" has no cluster route port: recreate it with a cluster port`,
      });
    }
    const view = realm.jetstream;
    if (inCluster === undefined && view?.clusterName) {
      add({
        id: "stale-meta-state",
        level: "warning",
        realm: name,
        message: `Realm "${name}" still holds meta state from cluster "${view.clusterName}": it will be cleared when it joins`,
      });
    }
    const stores = realm.stores;
    const count = stores?.length ?? view?.streams ?? 0;
    if (stores === undefined && count > 0 && realm.status === "online") {
      add({
        id: "local-stores",
        level: "error",
        realm: name,
        message: `Realm "${name}" holds ${plural(count, "realm-local store")} that could not be listed${realm.storesProblem ? ` (${realm.storesProblem})` : ""}: name clashes cannot be checked and the stores could be lost; retry when the realm answers`,
      });
    } else if (count > 0) {
      const what = `${plural(count, "realm-local channel/queue")}${stores ? ` (${stores.join(", ")})` : ""}`;
      add({
        id: "local-stores",
        level: "warning",
        realm: name,
        message:
          input.localStores === "keep"
            ? `Realm "${name}" holds ${what}: they will be kept, pinned to "${name}" (one replica)`
            : `Realm "${name}" holds ${what}: they will be deleted before it joins`,
      });
    }
    if (view === null && realm.status === "online") {
      add({
        id: "jetstream-view",
        level: "warning",
        realm: name,
        message: `Realm "${name}" did not report its JetStream state: stale meta state and local stores could not be checked`,
      });
    }
  }

  // Two realms' stores of one name would merge into diverging copies (DESIGN.md, engine facts).
  const holders = new Map<string, string[]>();
  const inCluster = new Set(input.clusterStores ?? []);
  for (const { realm } of input.realms) {
    for (const store of realm?.stores ?? []) {
      holders.set(store, [...(holders.get(store) ?? []), realm?.name as string]);
    }
  }
  for (const [store, realms] of [...holders].sort(([a], [b]) => a.localeCompare(b))) {
    if (realms.length + (inCluster.has(store) ? 1 : 0) < 2) continue;
    add({
      id: "store-clash",
      level: "error",
      message: `Store "${store}" exists ${inCluster.has(store) ? `in cluster "${input.cluster}" and ` : ""}on realm${realms.length === 1 ? "" : "s"} ${realms.map((r) => `"${r}"`).join(", ")}: one cluster cannot hold two stores of one name; rename or delete it on all but one first`,
    });
  }

  if (input.resultingSize === 2) {
    add({
      id: "two-realm-quorum",
      level: "warning",
      message:
        "A 2-realm cluster needs both realms for quorum (UM's 51 % rule): it takes no writes when either realm fails. Use 3 or more realms for high availability",
    });
  }

  const ok = !checks.some((check) => check.level === "error");
  if (ok) {
    add({
      id: "members-ready",
      level: "ok",
      message: `${plural(input.realms.length, "realm")} online, standalone and ready to join "${input.cluster}"`,
    });
  }
  return { ok, checks };
}
