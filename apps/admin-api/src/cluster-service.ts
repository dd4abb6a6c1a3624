import {
  ApiError,
  type ClusterDetail,
  type ClusterSummary,
  type CreateCluster,
  type Operation,
  type OperationAccepted,
  type Preflight,
} from "@em/contracts";
import { addMember } from "./add-member.js";
import { ClusterChangeContext } from "./cluster-change-context.js";
import { computeClusterState, type ClusterState, type MemberObservation } from "./cluster-state.js";
import type { ClusterRecord, ClusterStore } from "./cluster-store.js";
import { createCluster } from "./create-cluster.js";
import { deleteCluster } from "./delete-cluster.js";
import { evictMember } from "./evict-member.js";
import type { HostStore } from "./host-store.js";
import type { Logger } from "./logger.js";
import type { OperationStore } from "./operation-store.js";
import type { RealmPoller } from "./realm-poller.js";
import { removeMember } from "./remove-member.js";

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
  private readonly context: ClusterChangeContext;

  constructor(options: ClusterServiceOptions) {
    this.context = new ClusterChangeContext(options);
  }

  /** Every cluster's current state, computed from the poller's cache. Never waits on a realm. */
  states(): ClusterState[] {
    return this.context.options.clusters.list().map((record) => this.stateOf(record));
  }

  async list(): Promise<ClusterSummary[]> {
    await this.context.options.poller.warmUp(this.context.options.coldStartWaitMs);
    return this.states().map(({ whatIf: _whatIf, ...summary }) => summary);
  }

  async get(name: string): Promise<ClusterDetail> {
    await this.context.options.poller.warmUp(this.context.options.coldStartWaitMs);
    const record = this.context.find(name);
    return {
      ...this.stateOf(record),
      lastOperationId: this.context.options.operations.latest(name)?.id ?? null,
    };
  }

  operation(id: string): Operation {
    const operation = this.context.options.operations.get(id);
    if (!operation) throw new ApiError("NOT_FOUND", `No operation with id "${id}"`);
    return operation;
  }

  /** Runs the preflight; unless `dryRun`, records the cluster and joins its realms in the background. */
  create(input: CreateCluster, dryRun: boolean): Promise<Preflight | OperationAccepted> {
    return createCluster(this.context, input, dryRun);
  }

  /** Takes every member back to standalone, then forgets the cluster. */
  delete(name: string): OperationAccepted {
    return deleteCluster(this.context, name);
  }

  /** Adds a realm: restarts only the joiner with routes to all, then reloads the others' routes. */
  addMember(name: string, realm: string): Promise<OperationAccepted> {
    return addMember(this.context, name, realm);
  }

  /** Removes an online member: it restarts standalone and the others drop its route. */
  removeMember(name: string, realm: string): OperationAccepted {
    return removeMember(this.context, name, realm);
  }

  /** Emergency: forgets an offline member; the others drop its route. */
  evictMember(name: string, realm: string): OperationAccepted {
    return evictMember(this.context, name, realm);
  }

  /** Stops waiting on members and lets running steps end; later changes are refused. */
  close(): Promise<void> {
    return this.context.close();
  }

  private stateOf(record: ClusterRecord): ClusterState {
    const members: MemberObservation[] = record.members.map((member) => {
      const view = this.context.options.poller.findRealm(member.realm);
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
      lastOperation: this.context.options.operations.latest(record.name),
    });
  }
}
