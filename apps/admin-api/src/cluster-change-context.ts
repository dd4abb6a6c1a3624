import { ApiError, type Operation } from "@em/contracts";
import type { CandidateRealm } from "./cluster-preflight.js";
import type { ClusterRecord } from "./cluster-store.js";
import type { ClusterServiceOptions } from "./cluster-service.js";
import { CLUSTER_FORM_TIMEOUT_MS, MemberDriver } from "./member-driver.js";
import { OperationRun } from "./operation-run.js";

/**
 * What every cluster change shares: the member driver, the one running operation per cluster,
 * and the checks a change must pass before it is accepted.
 */
export class ClusterChangeContext {
  /** The operation running per cluster: one change at a time per cluster. */
  private readonly running = new Map<string, Promise<void>>();
  private closed = false;

  readonly members: MemberDriver;

  constructor(readonly options: ClusterServiceOptions) {
    this.members = new MemberDriver({
      hosts: options.hosts,
      poller: options.poller,
      formTimeoutMs: options.formTimeoutMs ?? CLUSTER_FORM_TIMEOUT_MS,
      closed: () => this.closed,
    });
  }

  /** Stops waiting on members and lets running steps end; later changes are refused. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled(this.running.values());
  }

  candidate(name: string): CandidateRealm | undefined {
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

  newRun(kind: Operation["kind"], cluster: string, steps: string[]): OperationRun {
    return new OperationRun(kind, cluster, steps, this.options.operations, this.options.onProgress);
  }

  background(cluster: string, work: () => Promise<void>): void {
    const task = work()
      .catch((error: unknown) =>
        this.options.logger.error({ err: error, cluster }, "cluster operation failed"),
      )
      .finally(() => this.running.delete(cluster));
    this.running.set(cluster, task);
  }

  find(name: string): ClusterRecord {
    const record = this.options.clusters.get(name);
    if (!record) throw new ApiError("NOT_FOUND", `No cluster named "${name}"`);
    return record;
  }

  assertMember(record: ClusterRecord, realm: string): void {
    if (!record.members.some((m) => m.realm === realm))
      throw new ApiError(
        "NOT_FOUND",
        `Realm "${realm}" is not a member of cluster "${record.name}"`,
      );
  }

  assertRemainsCluster(record: ClusterRecord, realm: string): void {
    if (record.members.length <= 2) {
      throw new ApiError(
        "INVALID_STATE",
        `Removing "${realm}" would leave cluster "${record.name}" with one realm: delete the cluster instead`,
      );
    }
  }

  /** UM refuses membership changes while a member is down (UM reference 3.2.5). */
  assertAllOnline(record: ClusterRecord, what: string): void {
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

  assertIdle(name: string): void {
    if (this.running.has(name)) {
      throw new ApiError(
        "INVALID_STATE",
        `Cluster "${name}" is being changed: wait for its operation to finish`,
      );
    }
  }

  assertOpen(): void {
    if (this.closed)
      throw new ApiError("INVALID_STATE", "The admin API is shutting down: retry in a moment");
  }
}
