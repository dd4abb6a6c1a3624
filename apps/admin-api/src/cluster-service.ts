import {
  ApiError,
  type ClusterDetail,
  type ClusterSummary,
  type CreateCluster,
  type Operation,
  type OperationAccepted,
  type Preflight,
} from "@em/contracts";
import { computeClusterState, type ClusterState, type MemberObservation } from "./cluster-state.js";
import { clusterPreflight, type CandidateRealm } from "./cluster-preflight.js";
import type { ClusterRecord, ClusterStore } from "./cluster-store.js";
import type { HostStore } from "./host-store.js";
import type { LocalStore } from "./local-stores.js";
import type { Logger } from "./logger.js";
import { CLUSTER_FORM_TIMEOUT_MS, MemberDriver, type MemberTarget } from "./member-driver.js";
import { OperationRun } from "./operation-run.js";
import type { OperationStore } from "./operation-store.js";
import type { RealmPoller } from "./realm-poller.js";
import type { RealmView } from "./realm-summary.js";

export interface ClusterServiceOptions {
  clusters: ClusterStore;
  operations: OperationStore;
  hosts: HostStore;
  poller: RealmPoller;
  logger: Logger;
  /** Every change of an operation, for the live feed. */
  onProgress: (operation: Operation) => void;
  /** The one bounded wait allowed on a cold start, before any host was polled. */
  coldStartWaitMs: number;
  /** @default CLUSTER_FORM_TIMEOUT_MS */
  formTimeoutMs?: number;
}

/**
 * Clusters: their state from the realms' own views, and the changes to them — each a
 * background operation of persisted steps that drives every member's realmd.
 */
export class ClusterService {
  /** The operation running per cluster: one change at a time per cluster. */
  private readonly running = new Map<string, Promise<void>>();
  private closed = false;

  private readonly members: MemberDriver;

  constructor(private readonly options: ClusterServiceOptions) {
    this.members = new MemberDriver({
      hosts: options.hosts,
      poller: options.poller,
      formTimeoutMs: options.formTimeoutMs ?? CLUSTER_FORM_TIMEOUT_MS,
      closed: () => this.closed,
    });
  }

  /** Every cluster's current state, computed from the poller's cache. Never waits on a realm. */
  states(): ClusterState[] {
    return this.options.clusters.list().map((record) => this.stateOf(record));
  }

  async list(): Promise<ClusterSummary[]> {
    await this.options.poller.warmUp(this.options.coldStartWaitMs);
    return this.states().map(({ whatIf: _whatIf, ...summary }) => summary);
  }

  async get(name: string): Promise<ClusterDetail> {
    await this.options.poller.warmUp(this.options.coldStartWaitMs);
    const record = this.find(name);
    return {
      ...this.stateOf(record),
      lastOperationId: this.options.operations.latest(name)?.id ?? null,
    };
  }

  operation(id: string): Operation {
    const operation = this.options.operations.get(id);
    if (!operation) throw new ApiError("NOT_FOUND", `No operation with id "${id}"`);
    return operation;
  }

  /** Runs the preflight; unless `dryRun`, records the cluster and joins its realms in the background. */
  async create(input: CreateCluster, dryRun: boolean): Promise<Preflight | OperationAccepted> {
    await this.options.poller.warmUp(this.options.coldStartWaitMs);
    const candidates = input.realms.map((name) => ({ name, realm: this.candidate(name) }));
    const stores = await this.readLocalStores(candidates);
    const preflight = clusterPreflight({
      cluster: input.name,
      clusterTaken: this.options.clusters.get(input.name) !== undefined,
      realms: candidates,
      localStores: input.localStores,
      resultingSize: input.realms.length,
    });
    if (dryRun) return preflight;
    assertPreflight(preflight, `create cluster "${input.name}"`);
    this.assertOpen();

    const views = input.realms.map((name) => this.options.poller.findRealm(name) as RealmView);
    this.options.clusters.insert(
      input.name,
      views.map((view) => ({ realm: view.definition.name, hostId: view.hostId })),
    );
    const targets = views.map((view) => this.members.target(view.definition.name));
    const keep = input.localStores === "keep";
    // Per member with stores: delete them before its restart, or re-declare them after it.
    const holding = targets
      .map((target) => ({ target, stores: stores.get(target.realm) ?? [] }))
      .filter((h) => h.stores.length > 0);
    const storesOf = (n: number) => `${n} realm-local store${n === 1 ? "" : "s"}`;
    const deleteSteps = keep
      ? []
      : holding.map((h) => `delete ${storesOf(h.stores.length)} of ${h.target.realm}`);
    const joinStep = deleteSteps.length;
    const waitStep = joinStep + targets.length;
    const keepStep = waitStep + 1;
    const run = this.newRun("create-cluster", input.name, [
      ...deleteSteps,
      ...targets.map((t) => `configure routes and restart ${t.realm}`),
      `wait for a master and all ${targets.length} members`,
      ...(keep ? holding.map((h) => `keep ${storesOf(h.stores.length)} of ${h.target.realm}`) : []),
    ]);
    this.background(input.name, async () => {
      // Deleted while still standalone: after the join they are invisible (DESIGN.md).
      const deleted = await Promise.all(
        deleteSteps.map((_, index) => {
          const { target, stores: held } = holding[index] as (typeof holding)[number];
          return run.step(index, () => this.members.deleteLocalStores(target.realm, held));
        }),
      );
      if (!deleted.every(Boolean)) {
        run.finish({
          code: "REALM_UNREACHABLE",
          message:
            "Not every realm-local store could be deleted: no realm was restarted; retry by deleting the cluster and creating it again",
        });
        return;
      }
      // Every member restarts before any wait: a meta leader needs a majority of them up.
      const restartedAt = new Map<string, number>();
      const joined = await Promise.all(
        targets.map((target, index) =>
          run.step(joinStep + index, async () => {
            // The engine's 30 s start somewhere in this call: count from before it, to be safe.
            const requestedAt = Date.now();
            const message = await this.members.join(input.name, target, targets);
            restartedAt.set(target.realm, requestedAt);
            return message;
          }),
        ),
      );
      // The engine deletes unclaimed stores 30 s after a join: re-declare them while the cluster
      // forms (each attempt waits for a meta leader), not after a possibly long wait.
      const kept = Promise.all(
        (keep ? holding : []).map(({ target, stores: held }, index) => {
          const since = restartedAt.get(target.realm);
          if (since === undefined) return Promise.resolve(false);
          return run.step(keepStep + index, () =>
            this.members.adoptLocalStores(target.realm, held, since),
          );
        }),
      );
      if (!joined.every(Boolean)) {
        const keptAll = (await kept).every(Boolean);
        run.finish({
          code: "REALM_UNREACHABLE",
          message: `Not every realm could be configured: the cluster is recorded as is${keptAll ? "" : " and not every realm-local store was kept"}; retry by deleting it and creating it again`,
        });
        return;
      }
      const formed = await run.step(waitStep, () =>
        this.members.waitForMaster(
          input.name,
          targets.map((t) => t.realm),
        ),
      );
      const keptAll = (await kept).every(Boolean);
      run.finish(
        !formed
          ? {
              code: "NO_QUORUM",
              message: `The realms did not elect a master with all ${targets.length} members: they are left running as they are; delete the cluster to roll back`,
            }
          : !keptAll
            ? {
                code: "REALM_UNREACHABLE",
                message:
                  "The cluster formed, but not every realm-local store could be kept: see the failed step",
              }
            : undefined,
      );
    });
    return { operation: run.operation };
  }

  /**
   * Lists each online candidate's realm-local stores onto it (for the preflight) and returns
   * them by realm, for the operation to delete or keep.
   */
  private async readLocalStores(
    candidates: { name: string; realm: CandidateRealm | undefined }[],
  ): Promise<Map<string, LocalStore[]>> {
    const found = new Map<string, LocalStore[]>();
    await Promise.all(
      candidates.map(async ({ name, realm }) => {
        if (!realm || realm.status !== "online") return;
        try {
          const stores = await this.members.localStores(name);
          found.set(name, stores);
          realm.stores = stores.map((s) => s.name);
        } catch (error) {
          realm.storesProblem = error instanceof Error ? error.message : String(error);
        }
      }),
    );
    return found;
  }

  /** Takes every member back to standalone, then forgets the cluster. */
  delete(name: string): OperationAccepted {
    const record = this.find(name);
    this.assertIdle(name);
    this.assertOpen();
    const targets = record.members.map((m) => this.members.target(m.realm));
    const run = this.newRun("delete-cluster", name, [
      ...targets.map((t) => `leave the cluster and restart ${t.realm} standalone`),
      "remove the cluster record",
    ]);
    this.background(name, async () => {
      // Members that are down are still asked: realmd rewrites their config either way.
      const left = await Promise.all(
        targets.map((target, index) => run.step(index, () => this.members.leave(target))),
      );
      if (!left.every(Boolean)) {
        run.finish({
          code: "REALM_UNREACHABLE",
          message:
            "Not every member could leave the cluster: the cluster is kept so the delete can be retried",
        });
        return;
      }
      await run.step(targets.length, () => {
        this.options.clusters.delete(name);
        return Promise.resolve(null);
      });
      run.finish();
    });
    return { operation: run.operation };
  }

  /** Adds a realm: restarts only the joiner with routes to all, then reloads the others' routes. */
  async addMember(name: string, realm: string): Promise<OperationAccepted> {
    await this.options.poller.warmUp(this.options.coldStartWaitMs);
    const record = this.find(name);
    this.assertIdle(name);
    this.assertAllOnline(record, `add "${realm}"`);
    if (record.members.some((m) => m.realm === realm))
      throw new ApiError("CONFLICT", `Realm "${realm}" is already a member of cluster "${name}"`);
    const preflight = clusterPreflight({
      cluster: name,
      clusterTaken: false,
      realms: [{ name: realm, realm: this.candidate(realm) }],
      // Adopting a joiner's stores is done for create only: it must not silently lose them.
      localStores: "keep",
      canKeepStores: false,
      resultingSize: record.members.length + 1,
    });
    assertPreflight(preflight, `add "${realm}" to cluster "${name}"`);
    this.assertOpen();
    const view = this.options.poller.findRealm(realm) as RealmView;
    this.options.clusters.addMember(name, { realm, hostId: view.hostId });
    const joiner = this.members.target(realm);
    const others = record.members.map((m) => this.members.target(m.realm));
    const all = [...others, joiner];
    const run = this.newRun("add-member", name, [
      `configure routes and restart ${realm}`,
      ...others.map((t) => `add the route to ${realm} on ${t.realm}`),
      `wait for a master and all ${all.length} members`,
    ]);
    this.background(name, async () => {
      if (!(await run.step(0, () => this.members.join(name, joiner, all)))) {
        run.finish({
          code: "REALM_UNREACHABLE",
          message: `"${realm}" could not be configured: it is recorded as a member; remove it to roll back`,
        });
        return;
      }
      // Once clustered, route changes reload without a restart (DESIGN.md, engine facts).
      const reloaded = await Promise.all(
        others.map((target, index) =>
          run.step(index + 1, () => this.members.join(name, target, all)),
        ),
      );
      const formed = await run.step(others.length + 1, () =>
        this.members.waitForMaster(
          name,
          all.map((t) => t.realm),
        ),
      );
      run.finish(
        formed && reloaded.every(Boolean)
          ? undefined
          : {
              code: formed ? "REALM_UNREACHABLE" : "NO_QUORUM",
              message: formed
                ? "The realm joined, but not every member's routes could be updated: retry when its host answers"
                : `The cluster did not elect a master with all ${all.length} members: the realms are left as they are`,
            },
      );
    });
    return { operation: run.operation };
  }

  /** Removes an online member: it restarts standalone and the others drop its route. */
  removeMember(name: string, realm: string): OperationAccepted {
    const record = this.find(name);
    this.assertMember(record, realm);
    this.assertIdle(name);
    this.assertAllOnline(record, `remove "${realm}"`);
    this.assertRemainsCluster(record, realm);
    this.assertOpen();
    const leaving = this.members.target(realm);
    const others = record.members
      .filter((m) => m.realm !== realm)
      .map((m) => this.members.target(m.realm));
    const run = this.newRun("remove-member", name, [
      `leave the cluster and restart ${realm} standalone`,
      ...others.map((t) => `drop the route to ${realm} on ${t.realm}`),
      `wait for a master of the remaining ${others.length} members`,
    ]);
    this.background(name, async () => {
      if (!(await run.step(0, () => this.members.leave(leaving)))) {
        run.finish({
          code: "REALM_UNREACHABLE",
          message: `"${realm}" could not leave the cluster: it is still a member; retry`,
        });
        return;
      }
      this.options.clusters.removeMember(name, realm);
      await this.shrink(run, name, others, 1);
    });
    return { operation: run.operation };
  }

  /** Emergency: forgets an offline member; the others drop its route. */
  evictMember(name: string, realm: string): OperationAccepted {
    const record = this.find(name);
    this.assertMember(record, realm);
    this.assertIdle(name);
    const view = this.options.poller.findRealm(realm);
    if (view?.summary.status === "online") {
      throw new ApiError(
        "INVALID_STATE",
        `Realm "${realm}" is online: remove it from the cluster instead; evict is only for a member that is down`,
      );
    }
    this.assertRemainsCluster(record, realm);
    this.assertOpen();
    const evicted = this.members.target(realm);
    const others = record.members
      .filter((m) => m.realm !== realm)
      .map((m) => this.members.target(m.realm));
    const run = this.newRun("evict-member", name, [
      `clear the cluster from ${realm}'s config`,
      ...others.map((t) => `drop the route to ${realm} on ${t.realm}`),
      `wait for a master of the remaining ${others.length} members`,
    ]);
    this.options.clusters.removeMember(name, realm);
    this.background(name, async () => {
      // Best effort: its host may be down with it. If it fails the realm would rejoin when
      // started, which the step's message says.
      await run.step(0, async () => {
        try {
          return await this.members.leave(evicted);
        } catch (error) {
          throw new Error(
            `${error instanceof Error ? error.message : String(error)}: clear its cluster before starting it again`,
            { cause: error },
          );
        }
      });
      await this.shrink(run, name, others, 1);
    });
    return { operation: run.operation };
  }

  /** Stops waiting on members and lets running steps end; later changes are refused. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled(this.running.values());
  }

  /** The remaining members drop the departed one's route, then elect a master among them. */
  private async shrink(
    run: OperationRun,
    cluster: string,
    remaining: MemberTarget[],
    firstStep: number,
  ): Promise<void> {
    const updated = await Promise.all(
      remaining.map((target, index) =>
        run.step(firstStep + index, () => this.members.join(cluster, target, remaining)),
      ),
    );
    const formed = await run.step(firstStep + remaining.length, () =>
      this.members.waitForMaster(
        cluster,
        remaining.map((t) => t.realm),
        false,
      ),
    );
    run.finish(
      formed && updated.every(Boolean)
        ? undefined
        : {
            code: formed ? "REALM_UNREACHABLE" : "NO_QUORUM",
            message: formed
              ? "Not every remaining member's routes could be updated: retry when its host answers"
              : "The remaining members did not elect a master",
          },
    );
  }

  private stateOf(record: ClusterRecord): ClusterState {
    const members: MemberObservation[] = record.members.map((member) => {
      const view = this.options.poller.findRealm(member.realm);
      return {
        realm: member.realm,
        hostName: view?.summary.hostName ?? "",
        status: view?.summary.status ?? null,
        processState: view?.summary.processState ?? null,
        jetstream: view?.summary.status === "online" ? view.jetstream : null,
      };
    });
    return computeClusterState({
      name: record.name,
      createdAt: record.createdAt,
      members,
      lastOperation: this.options.operations.latest(record.name),
    });
  }

  private candidate(name: string): CandidateRealm | undefined {
    const view = this.options.poller.findRealm(name);
    if (!view) return undefined;
    return {
      name,
      status: view.summary.status,
      problem: view.summary.problem,
      definition: view.definition,
      jetstream: view.jetstream,
      recordedCluster: this.options.clusters.clusterOf(name),
    };
  }

  private newRun(kind: Operation["kind"], cluster: string, steps: string[]): OperationRun {
    return new OperationRun(kind, cluster, steps, this.options.operations, this.options.onProgress);
  }

  private background(cluster: string, work: () => Promise<void>): void {
    const task = work()
      .catch((error: unknown) =>
        this.options.logger.error({ err: error, cluster }, "cluster operation failed"),
      )
      .finally(() => this.running.delete(cluster));
    this.running.set(cluster, task);
  }

  private find(name: string): ClusterRecord {
    const record = this.options.clusters.get(name);
    if (!record) throw new ApiError("NOT_FOUND", `No cluster named "${name}"`);
    return record;
  }

  private assertMember(record: ClusterRecord, realm: string): void {
    if (!record.members.some((m) => m.realm === realm))
      throw new ApiError(
        "NOT_FOUND",
        `Realm "${realm}" is not a member of cluster "${record.name}"`,
      );
  }

  private assertRemainsCluster(record: ClusterRecord, realm: string): void {
    if (record.members.length <= 2) {
      throw new ApiError(
        "INVALID_STATE",
        `Removing "${realm}" would leave cluster "${record.name}" with one realm: delete the cluster instead`,
      );
    }
  }

  /** UM refuses membership changes while a member is down (UM reference 3.2.5). */
  private assertAllOnline(record: ClusterRecord, what: string): void {
    const offline = record.members
      .filter((m) => this.options.poller.findRealm(m.realm)?.summary.status !== "online")
      .map((m) => `"${m.realm}"`);
    if (offline.length > 0) {
      throw new ApiError(
        "INVALID_STATE",
        `Cannot ${what} while ${offline.join(", ")} ${offline.length === 1 ? "is" : "are"} not online: start ${offline.length === 1 ? "it" : "them"} first, or evict a member that cannot come back`,
      );
    }
  }

  private assertIdle(name: string): void {
    if (this.running.has(name)) {
      throw new ApiError(
        "INVALID_STATE",
        `Cluster "${name}" is being changed: wait for its operation to finish`,
      );
    }
  }

  private assertOpen(): void {
    if (this.closed)
      throw new ApiError("INVALID_STATE", "The admin API is shutting down: retry in a moment");
  }
}

function assertPreflight(preflight: Preflight, what: string): void {
  if (preflight.ok) return;
  const errors = preflight.checks.filter((c) => c.level === "error").map((c) => c.message);
  throw new ApiError("PREFLIGHT_FAILED", `Cannot ${what}: ${errors.join("; ")}`, {
    details: { preflight },
  });
}
