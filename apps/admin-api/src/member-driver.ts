import type { RealmMonitor } from "@em/contracts";
import type { HostStore } from "./host-store.js";
import type { RealmPoller } from "./realm-poller.js";
import { advertisedHost } from "./realm-summary.js";
import { RealmdClient } from "./realmd-client.js";

/** @default 60000 — how long a new cluster may take to elect a master with every member. */
export const CLUSTER_FORM_TIMEOUT_MS = 60_000;

/** @default 250 — how often members are sampled while waiting for a master. */
const FORM_POLL_INTERVAL_MS = 250;

/** @default 1500 — what a member gets to answer one sample while a cluster forms. */
const FORM_SAMPLE_TIMEOUT_MS = 1_500;

/** A member as an operation needs it: where to reach its realmd and its route URL. */
export interface MemberTarget {
  realm: string;
  client: RealmdClient | undefined;
  route: string | undefined;
}

export interface MemberDriverOptions {
  hosts: HostStore;
  poller: RealmPoller;
  formTimeoutMs: number;
  /** True once the admin API shuts down: waits stop early. */
  closed: () => boolean;
}

/**
 * What cluster operations do to one member through its realmd: join with routes, leave, and
 * the wait for a master, each refreshing the realm cache so the console shows the change at once.
 */
export class MemberDriver {
  constructor(private readonly options: MemberDriverOptions) {}

  target(realm: string): MemberTarget {
    const view = this.options.poller.findRealm(realm);
    const host = view && this.options.hosts.get(view.hostId);
    if (!view || !host) return { realm, client: undefined, route: undefined };
    const port = view.definition.ports.cluster;
    return {
      realm,
      client: new RealmdClient(host.url, host.token),
      route:
        port === null
          ? undefined
          : `nats-route://${advertisedHost(view.definition.bindHost, host.url)}:${port}`,
    };
  }

  async join(cluster: string, target: MemberTarget, all: MemberTarget[]): Promise<string> {
    if (!target.client) throw new Error(`realm "${target.realm}" is on no registered host`);
    const routes = all.filter((t) => t !== target).map((t) => t.route);
    if (routes.some((route) => route === undefined))
      throw new Error("a member has no cluster route port");
    const change = await target.client.setCluster(target.realm, {
      name: cluster,
      routes: routes as string[],
      // Meta state left from an earlier cluster breaks a join (DESIGN.md, engine facts).
      resetMetaState: true,
    });
    await this.refresh(target.realm);
    return `realmd ${change.applied} ${target.realm}`;
  }

  async leave(target: MemberTarget): Promise<string> {
    if (!target.client) return `${target.realm} is on no registered host: nothing to change`;
    const change = await target.client.leaveCluster(target.realm, { resetMetaState: true });
    await this.refresh(target.realm);
    return `realmd ${change.applied} ${target.realm} standalone`;
  }

  /** Samples every member until all name one master and see the full cluster size. */
  async waitForMaster(
    cluster: string,
    realms: string[],
    // Without removing the departed peer from the meta group ($JS.API.SERVER.REMOVE, not done
    // yet) the remaining members still count it, so their size cannot be checked after a removal.
    checkSize = true,
  ): Promise<string> {
    const startedAt = Date.now();
    const deadline = startedAt + this.options.formTimeoutMs;
    let last = "no member answered yet";
    while (!this.options.closed() && Date.now() < deadline) {
      const monitors = await Promise.all(realms.map((realm) => this.sample(realm)));
      const leaders = new Set(monitors.map((m) => m?.sample?.jetstream?.metaLeader ?? null));
      const sizes = monitors.map((m) => m?.sample?.jetstream?.clusterSize ?? null);
      const [leader] = leaders;
      if (
        leaders.size === 1 &&
        leader &&
        (!checkSize || sizes.every((size) => size === realms.length))
      ) {
        await Promise.all(realms.map((realm) => this.refresh(realm)));
        return `master ${leader}, ${realms.length} of ${realms.length} members, after ${Date.now() - startedAt} ms`;
      }
      const answered = monitors.filter((m) => m?.sample).length;
      last = `${answered} of ${realms.length} answering, masters seen: ${[...leaders].map((l) => l ?? "none").join(", ")}`;
      await new Promise((resolve) => setTimeout(resolve, FORM_POLL_INTERVAL_MS));
    }
    throw new Error(
      this.options.closed()
        ? "the admin API is shutting down"
        : `no master with all ${realms.length} members in cluster "${cluster}" within ${Math.round((deadline - startedAt) / 1000)} s (${last})`,
    );
  }

  private async sample(realm: string): Promise<RealmMonitor | undefined> {
    const target = this.target(realm);
    return target.client
      ?.monitor(realm, FORM_SAMPLE_TIMEOUT_MS - 300, FORM_SAMPLE_TIMEOUT_MS)
      .catch(() => undefined);
  }

  /**
   * Re-lists the realm's host (its definition now holds the new cluster config) and re-polls
   * the realm, so the cache, the preflight and the cluster state show the change at once.
   */
  async refresh(realm: string): Promise<void> {
    const view = this.options.poller.findRealm(realm);
    if (!view) return;
    await this.options.poller.refreshHost(view.hostId);
    await this.options.poller.refreshRealm(view.hostId, realm);
  }
}
