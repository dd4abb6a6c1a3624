import { randomBytes } from "node:crypto";
import { mkdir, rm } from "node:fs/promises";
import { basename } from "node:path";
import { isIP } from "node:net";
import {
  ApiError,
  type CreateHostedRealm,
  type HostedRealm,
  type RealmAction,
  type RealmMonitor,
} from "@em/contracts";
import type { Logger } from "pino";
import {
  INTERFACE_LABELS,
  assertPortsFree,
  type RealmInterfaceName,
  type RealmPorts,
} from "./assert-ports-free.js";
import { locateEngine, type Engine } from "./locate-engine.js";
import { Mutex } from "./mutex.js";
import { readProcessInfo } from "./process-info.js";
import { realmPaths, type RealmPaths } from "./realm-paths.js";
import { RealmStore, type StoredRealm } from "./realm-store.js";
import { RealmSupervisor } from "./realm-supervisor.js";
import { sampleRealm } from "./sample-realm.js";

export interface RealmManagerOptions {
  dataDir: string;
  /** nats-server binaries to try, in order. */
  engineCandidates: readonly string[];
  logger: Logger;
  readinessTimeoutMs?: number;
  stopGraceMs?: number;
  adoptPollIntervalMs?: number;
}

/** A realm's definition: what survives realmd restarts, minus the live process state. */
type RealmDefinition = Omit<StoredRealm, "pid" | "startedAt" | "lastExit">;

interface Entry {
  definition: RealmDefinition;
  paths: RealmPaths;
  supervisor: RealmSupervisor;
  mutex: Mutex;
  removed: boolean;
}

const INTERFACES = Object.keys(INTERFACE_LABELS) as RealmInterfaceName[];
const HOSTNAME = /^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/;

function generatePassword(): string {
  // base64url: 32 characters that need no quoting in a nats-server config.
  return randomBytes(24).toString("base64url");
}

function notFound(name: string): ApiError {
  return new ApiError("NOT_FOUND", `No realm named ${name} on this host`);
}

function invalidState(name: string, state: string, action: RealmAction, hint: string): ApiError {
  return new ApiError("INVALID_STATE", `Cannot ${action} realm ${name}: it is ${state}; ${hint}`, {
    details: { state, action },
  });
}

/**
 * Every realm on this host: definitions persisted in the store, one supervisor each, and the
 * rules of what may be done to a realm in which state. Actions on one realm run one at a time.
 */
export class RealmManager {
  private readonly entries = new Map<string, Entry>();
  /** Names and ports of realms being created, so two concurrent creations cannot collide. */
  private readonly reserved = new Map<string, RealmPorts>();
  private engine: Engine | null = null;
  /**
   * Records loaded from disk whose pid restore() has not yet adopted or dismissed; their pid is
   * written back as it was, so a realmd dying mid-restore does not orphan their realms.
   */
  private readonly undecided = new Map<string, StoredRealm>();
  private readonly log: Logger;

  private constructor(
    private readonly options: RealmManagerOptions,
    private readonly store: RealmStore,
  ) {
    this.log = options.logger;
  }

  /** Loads the definitions; call {@link restore} to bring their processes back. */
  static async open(options: RealmManagerOptions): Promise<RealmManager> {
    const store = new RealmStore(options.dataDir);
    const manager = new RealmManager(options, store);
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
          const stored = this.undecided.get(name);
          const adopted = stored?.pid
            ? await this.tryAdopt(entry, stored.pid, stored.startedAt)
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
    return [...this.entries.values()].map((entry) => this.view(entry));
  }

  get(name: string): HostedRealm {
    return this.view(this.entry(name));
  }

  /**
   * Defines a realm and (by default) starts it. All or nothing: a realm that cannot start is
   * not kept, so a refused create leaves no definition and no folder behind.
   */
  async create(input: CreateHostedRealm): Promise<HostedRealm> {
    const { name } = input;
    const bindHost = input.bindHost.trim();
    const ports: RealmPorts = {
      nsp: input.nspPort,
      nhp: input.nhpPort,
      monitor: input.monitorPort,
    };
    if (isIP(bindHost) === 0 && !HOSTNAME.test(bindHost)) {
      throw new ApiError(
        "VALIDATION",
        `bindHost ${JSON.stringify(input.bindHost)} is not an IP address or host name`,
        {
          details: { issues: [{ path: "bindHost", message: "not an IP address or host name" }] },
        },
      );
    }
    this.assertDistinctPorts(ports);
    if (this.entries.has(name) || this.reserved.has(name)) {
      throw new ApiError("CONFLICT", `A realm named ${name} already exists on this host`);
    }
    this.assertPortsUnassigned(name, ports);

    this.reserved.set(name, ports);
    try {
      await assertPortsFree(bindHost, ports);
      const definition: RealmDefinition = {
        name,
        bindHost,
        ports,
        desiredState: input.start ? "running" : "stopped",
        credentials: { systemPassword: generatePassword(), adminPassword: generatePassword() },
        createdAt: new Date().toISOString(),
      };
      const entry = this.addEntry(definition, null);
      return await entry.mutex.run(async () => {
        await mkdir(entry.paths.storeDir, { recursive: true, mode: 0o700 });
        await this.persist();
        if (input.start) {
          try {
            await entry.supervisor.start();
          } catch (error) {
            await this.discard(entry);
            throw error;
          }
        }
        this.log.info({ realm: name, ports, bindHost, started: input.start }, "realm created");
        return this.view(entry);
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
      const { supervisor, definition } = entry;
      const state = supervisor.state;
      switch (action) {
        case "start":
          if (state === "paused") throw invalidState(name, state, action, "resume it instead");
          definition.desiredState = "running";
          if (state !== "running") await supervisor.start();
          break;
        case "stop":
          definition.desiredState = "stopped";
          if (state === "crashed") supervisor.markStopped();
          else await supervisor.stop();
          break;
        case "kill":
          if (state === "stopped" || state === "crashed") {
            throw invalidState(name, state, action, "there is no process to kill");
          }
          definition.desiredState = "stopped";
          await supervisor.kill();
          break;
        case "pause":
          if (state !== "running")
            throw invalidState(name, state, action, "only a running realm can be paused");
          await supervisor.pause();
          break;
        case "resume":
          if (state !== "paused")
            throw invalidState(name, state, action, "only a paused realm can be resumed");
          definition.desiredState = "running";
          await supervisor.resume();
          break;
        case "restart":
          definition.desiredState = "running";
          await supervisor.stop();
          await supervisor.start();
          break;
      }
      await this.persist();
      this.log.info({ realm: name, action, state: supervisor.state }, "realm action done");
      return this.view(entry);
    });
  }

  /** A sample of the realm's counters, bounded by `timeoutMs` whatever state the realm is in. */
  async monitor(name: string, timeoutMs: number): Promise<RealmMonitor> {
    const entry = this.entry(name);
    const { supervisor } = entry;
    if (supervisor.pid === null) {
      return {
        process: supervisor.view(),
        sample: null,
        problem: { kind: "not-running", message: `realm ${name} is ${supervisor.state}` },
      };
    }
    const result = await sampleRealm(entry.definition.ports.monitor, timeoutMs);
    return { process: supervisor.view(), ...result };
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
        }),
      ),
    );
    await this.persist();
  }

  private entry(name: string): Entry {
    const entry = this.entries.get(name);
    if (!entry) throw notFound(name);
    return entry;
  }

  private addEntry(definition: RealmDefinition, lastExit: StoredRealm["lastExit"]): Entry {
    const paths = realmPaths(this.options.dataDir, definition.name);
    const supervisor = new RealmSupervisor(
      {
        name: definition.name,
        bindHost: definition.bindHost,
        ports: definition.ports,
        paths,
        credentials: definition.credentials,
      },
      {
        logger: this.log,
        engine: () => this.requireEngine(),
        onChange: () => this.persistInBackground(),
        ...(this.options.readinessTimeoutMs !== undefined
          ? { readinessTimeoutMs: this.options.readinessTimeoutMs }
          : {}),
        ...(this.options.stopGraceMs !== undefined
          ? { stopGraceMs: this.options.stopGraceMs }
          : {}),
        ...(this.options.adoptPollIntervalMs !== undefined
          ? { adoptPollIntervalMs: this.options.adoptPollIntervalMs }
          : {}),
      },
      lastExit,
    );
    const entry: Entry = { definition, paths, supervisor, mutex: new Mutex(), removed: false };
    this.entries.set(definition.name, entry);
    return entry;
  }

  private async discard(entry: Entry): Promise<void> {
    entry.removed = true;
    this.entries.delete(entry.definition.name);
    await this.persist();
    await rm(entry.paths.dir, { recursive: true, force: true });
  }

  private async tryAdopt(entry: Entry, pid: number, startedAt: string | null): Promise<boolean> {
    const info = await readProcessInfo(pid);
    if (!info) return false;
    const [bin = "", ...args] = info.argv;
    // The pid may have been reused by an unrelated process: adopt only our own command line.
    const ours =
      basename(bin).includes("nats-server") &&
      args.some((arg, i) => arg === "-c" && args[i + 1] === entry.paths.configPath);
    if (!ours) return false;
    entry.supervisor.adopt(pid, startedAt ?? new Date().toISOString(), info.state === "T");
    return true;
  }

  private async requireEngine(): Promise<Engine> {
    if (this.engine) return this.engine;
    // Not cached while missing: installing nats-server later works without restarting realmd.
    const lookup = await locateEngine(this.options.engineCandidates);
    if (!lookup.ok) throw new ApiError("ENGINE_UNAVAILABLE", lookup.message);
    this.engine = lookup.engine;
    return lookup.engine;
  }

  private assertDistinctPorts(ports: RealmPorts): void {
    const issues: { path: string; message: string }[] = [];
    INTERFACES.forEach((name, i) => {
      const earlier = INTERFACES.slice(0, i).find((other) => ports[other] === ports[name]);
      if (earlier) {
        issues.push({
          path: `${name}Port`,
          message: `port ${ports[name]} is already the realm's ${earlier} port`,
        });
      }
    });
    if (issues.length > 0) {
      throw new ApiError(
        "VALIDATION",
        `A realm needs three different ports: ${issues.map((i) => i.message).join("; ")}`,
        {
          details: { issues },
        },
      );
    }
  }

  /** Ports of another realm's definition are taken even while that realm is stopped. */
  private assertPortsUnassigned(name: string, ports: RealmPorts): void {
    const owners: [string, RealmPorts][] = [
      ...[...this.entries.values()].map((entry): [string, RealmPorts] => [
        entry.definition.name,
        entry.definition.ports,
      ]),
      ...this.reserved.entries(),
    ];
    for (const iface of INTERFACES) {
      for (const [owner, taken] of owners) {
        const clash = INTERFACES.find((other) => taken[other] === ports[iface]);
        if (owner !== name && clash) {
          throw new ApiError(
            "CONFLICT",
            `Port ${ports[iface]} (${INTERFACE_LABELS[iface]}) is already assigned to realm ${owner} as its ${clash} port`,
            { details: { port: ports[iface], interface: iface, realm: owner } },
          );
        }
      }
    }
  }

  private view(entry: Entry): HostedRealm {
    const { definition } = entry;
    return {
      name: definition.name,
      bindHost: definition.bindHost,
      ports: { ...definition.ports },
      dataDir: entry.paths.dir,
      desiredState: definition.desiredState,
      process: entry.supervisor.view(),
    };
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
