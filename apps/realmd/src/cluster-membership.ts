import { rm } from "node:fs/promises";
import {
  ApiError,
  type LeaveRealmCluster,
  type RealmClusterChange,
  type RealmClusterConfig,
  type SetRealmCluster,
} from "@em/contracts";
import type { Logger } from "pino";
import { assertInterfacePortsFree, type RealmPorts } from "./assert-ports-free.js";
import { clusterChangeKind, type ClusterChangeKind } from "./cluster-change-kind.js";
import { hostedRealm, type RealmEntry } from "./realm-entry.js";
import { setAsideReplicaCopies } from "./replica-copies.js";
import { validateRealmPorts } from "./validate-new-realm.js";

export interface ClusterMembershipOptions {
  logger: Logger;
  /** Writes every realm's definition to the store. */
  persist: () => Promise<void>;
  /** Names and ports of every realm defined or being created, for port checks. */
  portOwners: () => (readonly [string, RealmPorts])[];
}

function validation(path: string, message: string): ApiError {
  return new ApiError("VALIDATION", `Invalid cluster: ${path}: ${message}`, {
    details: { issues: [{ path, message }] },
  });
}

/** A paused realm cannot be restarted or reloaded; a crashed one needs an operator first. */
function assertClusterChangeAllowed(entry: RealmEntry): void {
  const { state } = entry.supervisor;
  if (state === "running" || state === "stopped") return;
  const hint =
    state === "paused" ? "resume it first" : "start or stop it first, after looking at why";
  throw new ApiError(
    "INVALID_STATE",
    `Cannot change the cluster of realm ${entry.definition.name}: it is ${state}; ${hint}`,
    { details: { state } },
  );
}

/**
 * A realm's cluster membership: joining, changing and leaving a cluster. Every method expects
 * the caller to hold the realm's mutex and to have checked that the realm is not removed.
 */
export class ClusterMembership {
  constructor(private readonly options: ClusterMembershipOptions) {}

  /**
   * Joins a cluster or changes the realm's membership: restarts the realm when the cluster block
   * appears, is renamed or moves port, reloads it when only routes change (and restarts it after
   * all if the reload did not take), and only saves the config of a stopped realm.
   * `resetMetaState` deletes the meta state of an earlier cluster, only ever while the realm is
   * stopped: it is ignored by a reload, which must not lose the running meta group's state.
   */
  async set(entry: RealmEntry, input: SetRealmCluster): Promise<RealmClusterChange> {
    const { definition } = entry;
    const { name } = definition;
    const port = input.port ?? definition.ports.cluster;
    if (port === null) {
      throw validation(
        "port",
        `realm ${name} has no cluster port yet: send the port its routes listen on`,
      );
    }
    if (input.routes.length === 0) {
      // nats-server refuses to start JetStream with a cluster listener and no routes.
      throw validation("routes", "a cluster member needs a route to at least one other member");
    }
    assertClusterChangeAllowed(entry);
    const ports: RealmPorts = { ...definition.ports, cluster: port };
    if (port !== definition.ports.cluster)
      validateRealmPorts(name, ports, this.options.portOwners());
    const listening =
      entry.supervisor.state === "running" ? (definition.cluster?.port ?? null) : null;
    if (port !== listening) {
      await assertInterfacePortsFree(definition.bindHost, [["cluster", port]]);
    }

    const next: RealmClusterConfig = { name: input.name, port, routes: [...input.routes] };
    const kind = clusterChangeKind(definition.cluster, next);
    definition.ports = ports;
    definition.cluster = next;
    return this.apply(entry, kind, input.resetMetaState);
  }

  /** Leaves the cluster: the realm restarts standalone, by default without its meta state. */
  async leave(entry: RealmEntry, input: LeaveRealmCluster): Promise<RealmClusterChange> {
    assertClusterChangeAllowed(entry);
    const kind = clusterChangeKind(entry.definition.cluster, null);
    entry.definition.cluster = null;
    return this.apply(entry, kind, input.resetMetaState);
  }

  /** Applies a definition whose cluster just changed. */
  private async apply(
    entry: RealmEntry,
    kind: ClusterChangeKind,
    resetMetaState: boolean,
  ): Promise<RealmClusterChange> {
    const { supervisor, definition } = entry;
    const log = this.options.logger.child({ realm: definition.name });
    await this.options.persist();
    const applied = await (async (): Promise<RealmClusterChange["applied"]> => {
      if (supervisor.state === "stopped") {
        // Safe at any time: nothing has the store open.
        if (resetMetaState) await this.resetMetaState(entry);
        if (definition.cluster === null) await this.setAsideReplicaCopies(entry);
        if (kind === "unchanged") return "unchanged";
        await supervisor.writeConfig();
        return "saved";
      }
      if (kind === "unchanged") return "unchanged";
      if (kind === "reload") {
        if (await supervisor.reload()) return "reloaded";
        log.warn("realm did not take the new routes by reload; restarting it");
      }
      await supervisor.stop();
      // Not after a failed reload: the realm stays in the same cluster and keeps its state.
      if (resetMetaState && kind === "restart") await this.resetMetaState(entry);
      if (definition.cluster === null) await this.setAsideReplicaCopies(entry);
      await supervisor.start();
      return "restarted";
    })();
    await this.options.persist();
    log.info({ cluster: definition.cluster, applied }, "realm cluster changed");
    return { realm: hostedRealm(entry), applied };
  }

  /** Standalone, the realm could not start with copies of replicated stores (replica-copies.ts). */
  private async setAsideReplicaCopies(entry: RealmEntry): Promise<void> {
    const moved = await setAsideReplicaCopies(entry.paths.storeDir, entry.paths.setAsideDir);
    if (moved.length > 0)
      this.options.logger.warn(
        { realm: entry.definition.name, stores: moved, to: entry.paths.setAsideDir },
        "copies of replicated stores set aside: a standalone realm cannot serve them",
      );
  }

  private async resetMetaState(entry: RealmEntry): Promise<void> {
    await rm(entry.paths.metaStateDir, { recursive: true, force: true });
    this.options.logger.info({ realm: entry.definition.name }, "realm meta state deleted");
  }
}
