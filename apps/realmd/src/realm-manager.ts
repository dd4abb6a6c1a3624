import { mkdir, rm } from "node:fs/promises";
import {
  ApiError,
  type CreateHostedRealm,
  type HostedRealm,
  type LeaveRealmCluster,
  type RealmAction,
  type RealmAppUser,
  type RealmAppUsersApplied,
  type RealmClusterChange,
  type RealmCredentials,
  type RealmMonitor,
  type SetRealmAppUsers,
  type SetRealmCluster,
} from "@em/contracts";
import type { Logger } from "pino";
import { adoptRecordedProcess } from "./adopt-recorded-process.js";
import { applyAppUsers } from "./apply-app-users.js";
import { AppUserStore } from "./app-user-store.js";
import { Mutex } from "./mutex.js";
import { applyRealmAction } from "./apply-realm-action.js";
import { assertPortsFree, type RealmPorts } from "./assert-ports-free.js";
import { ClusterMembership } from "./cluster-membership.js";
import { generatePassword } from "./generate-password.js";
import { locateEngine, type Engine } from "./locate-engine.js";
import {
  createRealmEntry,
  hostedRealm,
  type RealmDefinition,
  type RealmEntry,
} from "./realm-entry.js";
import { monitorRealm } from "./monitor-realm.js";
import { ADMIN_USER, SYSTEM_USER } from "./realm-config.js";
import { RealmStore, type StoredRealm } from "./realm-store.js";
import { RealmTlsInterfaces } from "./realm-tls-interfaces.js";
import { validateNewRealm } from "./validate-new-realm.js";

export interface RealmManagerOptions {
  dataDir: string;
  /** nats-server binaries to try, in order. */
  engineCandidates: readonly string[];
  logger: Logger;
  readinessTimeoutMs?: number;
  stopGraceMs?: number;
  adoptPollIntervalMs?: number;
}

function notFound(name: string): ApiError {
  return new ApiError("NOT_FOUND", `No realm named ${name} on this host`);
}

/**
 * Every realm on this host: definitions persisted in the store, one supervisor each. Actions on
 * one realm run one at a time; {@link applyRealmAction} decides what each state allows.
 */
export class RealmManager {
  private readonly entries = new Map<string, RealmEntry>();
  /** Names and ports of realms being created, so two concurrent creations cannot collide. */
  private readonly reserved = new Map<string, RealmPorts>();
  private engine: Engine | null = null;
  /**
   * Records loaded from disk whose pid restore() has not yet adopted or dismissed; their pid is
   * written back as it was, so a realmd dying mid-restore does not orphan their realms.
   */
  private readonly undecided = new Map<string, StoredRealm>();
  private readonly log: Logger;
  private readonly membership: ClusterMembership;
  private readonly tls: RealmTlsInterfaces;
  /** Application credentials every realm here carries (app-users.json). */
  private appUsers: readonly RealmAppUser[] = [];
  private readonly appUserStore: AppUserStore;
  /** Realms that have not taken the latest application users yet. */
  private readonly staleAppUsers = new Set<string>();
  private readonly appUsersMutex = new Mutex();

  private constructor(
    private readonly options: RealmManagerOptions,
    private readonly store: RealmStore,
  ) {
    this.log = options.logger;
    this.appUserStore = new AppUserStore(options.dataDir);
    this.tls = new RealmTlsInterfaces({ dataDir: options.dataDir, logger: this.log });
    this.membership = new ClusterMembership({
      logger: this.log,
      persist: () => this.persist(),
      portOwners: () => this.portOwners(),
    });
  }

  /** Loads the definitions; call {@link restore} to bring their processes back. */
  static async open(options: RealmManagerOptions): Promise<RealmManager> {
    const store = new RealmStore(options.dataDir);
    const manager = new RealmManager(options, store);
    // Before any realm starts: each config carries the application users.
    manager.appUsers = await manager.appUserStore.load();
    for (const stored of await store.load()) {
      const { pid: _pid, startedAt: _startedAt, lastExit, ...definition } = stored;
      manager.addEntry(definition, lastExit);
      manager.undecided.set(stored.name, stored);
    }
    const lookup = await locateEngine(options.engineCandidates);
    if (lookup.ok) manager.engine = lookup.engine;
    else manager.log.warn(lookup.message);
    return manager;
  }

  get realmCount(): number {
    return this.entries.size;
  }

  /** The nats-server in use, once one has been found. */
  get engineInfo(): { path: string | null; version: string | null } {
    return { path: this.engine?.path ?? null, version: this.engine?.version ?? null };
  }

  /**
   * Brings realms back after realmd starts: a recorded pid that is still this realm's
   * nats-server is adopted as it is; otherwise a realm meant to run is started afresh.
   */
  async restore(): Promise<void> {
    await Promise.all(
      [...this.entries.values()].map((entry) =>
        entry.mutex.run(async () => {
          const { name } = entry.definition;
          // A realm whose TLS interfaces cannot open still runs on nsp and nhp.
          await this.tls.openFor(entry).catch((error: unknown) => {
            this.log.error(
              { realm: name, err: (error as Error).message },
              "could not open the realm's TLS interfaces",
            );
          });
          const stored = this.undecided.get(name);
          const adopted = stored?.pid
            ? await adoptRecordedProcess(entry, stored.pid, stored.startedAt)
            : false;
          this.undecided.delete(name);
          if (adopted) return;
          if (stored?.pid) {
            this.log.info({ realm: name, realmPid: stored.pid }, "recorded realm process is gone");
          }
          if (entry.definition.desiredState !== "running") return;
          await entry.supervisor.start().catch((error: unknown) => {
            this.log.error(
              { realm: name, err: (error as Error).message },
              "could not restart realm",
            );
          });
        }),
      ),
    );
    await this.persist();
  }

  list(): HostedRealm[] {
    return [...this.entries.values()].map(hostedRealm);
  }

  get(name: string): HostedRealm {
    return hostedRealm(this.entry(name));
  }

  /**
   * Defines a realm and (by default) starts it. All or nothing: a realm that cannot start is
   * not kept, so a refused create leaves no definition and no folder behind.
   */
  async create(input: CreateHostedRealm): Promise<HostedRealm> {
    const { name } = input;
    const { bindHost, ports } = validateNewRealm(input, this.portOwners());

    this.reserved.set(name, ports);
    try {
      await assertPortsFree(bindHost, ports);
      const definition: RealmDefinition = {
        name,
        bindHost,
        ports,
        desiredState: input.start ? "running" : "stopped",
        cluster: null,
        tls: input.tls ?? null,
        credentials: { systemPassword: generatePassword(), adminPassword: generatePassword() },
        createdAt: new Date().toISOString(),
      };
      const entry = this.addEntry(definition, null);
      return await entry.mutex.run(async () => {
        await mkdir(entry.paths.storeDir, { recursive: true, mode: 0o700 });
        try {
          await this.tls.openFor(entry);
        } catch (error) {
          await this.discard(entry);
          throw error;
        }
        await this.persist();
        if (input.start) {
          try {
            await entry.supervisor.start();
          } catch (error) {
            await this.discard(entry);
            throw error;
          }
          // The pid was saved in the background; answer only once it is on disk, or a realmd
          // killed right after the answer could not adopt the realm it reported running.
          await this.persist();
        }
        this.log.info({ realm: name, ports, bindHost, started: input.start }, "realm created");
        return hostedRealm(entry);
      });
    } finally {
      this.reserved.delete(name);
    }
  }

  /** Stops the realm and deletes its definition and its data folder. */
  async remove(name: string): Promise<void> {
    const entry = this.entry(name);
    await entry.mutex.run(async () => {
      if (entry.removed) throw notFound(name);
      await entry.supervisor.stop();
      await this.discard(entry);
      this.log.info({ realm: name }, "realm deleted");
    });
  }

  /**
   * Applies an operator action and resolves once it has taken effect. `start` on a running
   * realm and `stop` on a stopped one are no-ops (idempotent); other actions that make no
   * sense in the current state answer INVALID_STATE.
   */
  async act(name: string, action: RealmAction): Promise<HostedRealm> {
    const entry = this.entry(name);
    return entry.mutex.run(async () => {
      if (entry.removed) throw notFound(name);
      await applyRealmAction(entry, action);
      await this.persist();
      this.log.info({ realm: name, action, state: entry.supervisor.state }, "realm action done");
      return hostedRealm(entry);
    });
  }

  /** Joins a cluster or changes the realm's membership: see {@link ClusterMembership.set}. */
  async setCluster(name: string, input: SetRealmCluster): Promise<RealmClusterChange> {
    const entry = this.entry(name);
    return entry.mutex.run(async () => {
      if (entry.removed) throw notFound(name);
      return this.membership.set(entry, input);
    });
  }

  /** Leaves the cluster: the realm restarts standalone, by default without its meta state. */
  async leaveCluster(name: string, input: LeaveRealmCluster): Promise<RealmClusterChange> {
    const entry = this.entry(name);
    return entry.mutex.run(async () => {
      if (entry.removed) throw notFound(name);
      return this.membership.leave(entry, input);
    });
  }

  /** The realm's server-side users and passwords, for the admin API's own connections. */
  credentials(name: string): RealmCredentials {
    const { credentials } = this.entry(name).definition;
    return {
      system: { user: SYSTEM_USER, password: credentials.systemPassword },
      app: { user: ADMIN_USER, password: credentials.adminPassword },
    };
  }

  /**
   * Sets the application users of every realm here (the admin API sends the whole list) and
   * brings each realm's config up to it: see {@link applyAppUsers}. A list equal to the last
   * one only retries the realms still pending.
   */
  async setAppUsers(input: SetRealmAppUsers): Promise<RealmAppUsersApplied> {
    return this.appUsersMutex.run(async () => {
      if (JSON.stringify(input.users) !== JSON.stringify(this.appUsers)) {
        await this.appUserStore.save(input.users);
        this.appUsers = input.users;
        for (const name of this.entries.keys()) this.staleAppUsers.add(name);
      }
      const applied = await Promise.all(
        [...this.entries.values()].map((entry) =>
          entry.mutex.run(async () => {
            const { name } = entry.definition;
            if (entry.removed) return null;
            const result = await applyAppUsers(entry, this.staleAppUsers.has(name));
            if (result.applied !== "pending") this.staleAppUsers.delete(name);
            return result;
          }),
        ),
      );
      const realms = applied.filter((result) => result !== null);
      this.log.info(
        {
          users: this.appUsers.length,
          realms: realms.map(({ name, applied }) => ({ name, applied })),
        },
        "application users applied",
      );
      return { realms };
    });
  }

  /** The CA certificate (PEM, public) that clients of the realm's TLS interfaces trust. */
  caCertificate(name: string): string {
    return this.tls.caCertificate(this.entry(name).definition);
  }

  /** A sample of the realm's counters, bounded by `timeoutMs` whatever state the realm is in. */
  monitor(name: string, timeoutMs: number): Promise<RealmMonitor> {
    return monitorRealm(this.entry(name), timeoutMs);
  }

  /**
   * realmd is exiting: stop every realm gracefully, or leave them running for the next realmd.
   * Either way desiredState is kept, so the next realmd brings back what ran.
   */
  async shutdown(options: { stopRealms: boolean }): Promise<void> {
    await Promise.all(
      [...this.entries.values()].map((entry) =>
        entry.mutex.run(async () => {
          if (options.stopRealms) await entry.supervisor.stop();
          else entry.supervisor.release();
          await this.tls.close(entry.definition.name);
        }),
      ),
    );
    await this.persist();
  }

  /** Names and ports of every realm defined or being created, for port checks. */
  private portOwners(): (readonly [string, RealmPorts])[] {
    return [
      ...[...this.entries.values()].map(
        ({ definition }) => [definition.name, definition.ports] as const,
      ),
      ...this.reserved.entries(),
    ];
  }

  private entry(name: string): RealmEntry {
    const entry = this.entries.get(name);
    if (!entry) throw notFound(name);
    return entry;
  }

  private addEntry(definition: RealmDefinition, lastExit: StoredRealm["lastExit"]): RealmEntry {
    const { readinessTimeoutMs, stopGraceMs, adoptPollIntervalMs } = this.options;
    const entry = createRealmEntry(
      this.options.dataDir,
      definition,
      {
        logger: this.log,
        engine: () => this.requireEngine(),
        onChange: () => this.persistInBackground(),
        ...(readinessTimeoutMs !== undefined ? { readinessTimeoutMs } : {}),
        ...(stopGraceMs !== undefined ? { stopGraceMs } : {}),
        ...(adoptPollIntervalMs !== undefined ? { adoptPollIntervalMs } : {}),
      },
      lastExit,
      () => this.appUsers,
    );
    this.entries.set(definition.name, entry);
    return entry;
  }

  private async discard(entry: RealmEntry): Promise<void> {
    await this.tls.close(entry.definition.name);
    entry.removed = true;
    this.entries.delete(entry.definition.name);
    await this.persist();
    await rm(entry.paths.dir, { recursive: true, force: true });
  }

  private async requireEngine(): Promise<Engine> {
    if (this.engine) return this.engine;
    // Not cached while missing: installing nats-server later works without restarting realmd.
    const lookup = await locateEngine(this.options.engineCandidates);
    if (!lookup.ok) throw new ApiError("ENGINE_UNAVAILABLE", lookup.message);
    this.engine = lookup.engine;
    return lookup.engine;
  }

  private persist(): Promise<void> {
    const realms: StoredRealm[] = [...this.entries.values()].map(({ definition, supervisor }) => ({
      ...definition,
      pid: supervisor.pid ?? this.undecided.get(definition.name)?.pid ?? null,
      startedAt: supervisor.startedAt ?? this.undecided.get(definition.name)?.startedAt ?? null,
      lastExit: supervisor.lastExit,
    }));
    return this.store.save(realms);
  }

  private persistInBackground(): void {
    void this.persist().catch((error: unknown) => {
      this.log.error({ err: (error as Error).message }, `could not write ${this.store.file}`);
    });
  }
}
