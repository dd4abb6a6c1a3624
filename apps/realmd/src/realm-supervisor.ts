import {
  ApiError,
  type RealmAppUser,
  type RealmClusterConfig,
  type RealmExit,
  type RealmProcess as RealmProcessView,
  type RealmProcessState,
} from "@em/contracts";
import type { Logger } from "pino";
import { assertPortsFree, type RealmPorts } from "./assert-ports-free.js";
import { readLoadedConfig, waitForReload } from "./config-reload.js";
import { recordedExit, type ExitRequest } from "./exit-request.js";
import type { Engine } from "./locate-engine.js";
import { readLogTail } from "./read-log-tail.js";
import type { RealmPaths } from "./realm-paths.js";
import { RealmProcess, type ProcessExit } from "./realm-process.js";
import { settlesWithin } from "./settles-within.js";
import { spawnFailureError, startFailureError } from "./start-failure-error.js";
import { waitForProcState } from "./wait-for-proc-state.js";
import { waitUntilReady } from "./wait-until-ready.js";
import { writeRealmConfig } from "./write-realm-config.js";

/** @default 10_000 */
export const READINESS_TIMEOUT_MS = 10_000;
/** How long a realm gets to shut down after SIGTERM before SIGKILL. @default 10_000 */
export const STOP_GRACE_MS = 10_000;

/** What the supervisor needs to know of a realm's definition. */
export interface SupervisedRealm {
  name: string;
  bindHost: string;
  ports: RealmPorts;
  paths: RealmPaths;
  credentials: { systemPassword: string; adminPassword: string };
  /** The cluster the realm's config joins; null when standalone. */
  cluster: RealmClusterConfig | null;
  /** Application credentials of the APP account (the same on every realm of the host). */
  appUsers?: readonly RealmAppUser[];
}

export interface RealmSupervisorOptions {
  logger: Logger;
  /** Resolves the nats-server to run, or throws ENGINE_UNAVAILABLE. */
  engine: () => Promise<Engine>;
  /** Called after every change of process state, to persist it. */
  onChange: () => void;
  readinessTimeoutMs?: number;
  stopGraceMs?: number;
  adoptPollIntervalMs?: number;
}

interface Running {
  proc: RealmProcess;
  /** Settles once the exit has been recorded; never rejects. */
  exitHandled: Promise<void>;
}

/**
 * Supervises one realm's nats-server: start with readiness raced against early exit, graceful
 * stop, kill, pause and resume, adoption of a process left by an earlier realmd. A process that
 * exits when nobody asked is reported `crashed` and left alone. Callers serialize the actions.
 */
export class RealmSupervisor {
  private currentState: RealmProcessState = "stopped";
  private running: Running | null = null;
  private exitRequest: ExitRequest | null = null;
  private started: string | null = null;
  private exit: RealmExit | null;
  private error: string | null = null;
  private readonly log: Logger;

  constructor(
    private readonly realm: SupervisedRealm,
    private readonly options: RealmSupervisorOptions,
    lastExit: RealmExit | null = null,
  ) {
    this.exit = lastExit;
    this.log = options.logger.child({ realm: realm.name });
  }

  get state(): RealmProcessState {
    return this.currentState;
  }

  get pid(): number | null {
    return this.running?.proc.pid ?? null;
  }

  get startedAt(): string | null {
    return this.started;
  }

  get lastExit(): RealmExit | null {
    return this.exit;
  }

  view(): RealmProcessView {
    return {
      state: this.currentState,
      pid: this.pid,
      startedAt: this.started,
      lastExit: this.exit,
      lastError: this.error,
    };
  }

  /** Starts the realm and resolves once it is healthy. Only from `stopped` or `crashed`. */
  async start(): Promise<void> {
    if (this.running) throw new Error(`realm ${this.realm.name} already has a process`);
    let engine: Engine;
    try {
      engine = await this.options.engine();
      const { cluster } = this.realm;
      // The route port is only listened on while the realm is in a cluster; the TLS ports are
      // realmd's own listeners (tls-terminator.ts), held while the realm is defined.
      await assertPortsFree(this.realm.bindHost, {
        ...this.realm.ports,
        cluster: cluster ? cluster.port : null,
        nsps: null,
        nhps: null,
      });
      await writeRealmConfig(this.realm.paths, this.realm);
    } catch (error) {
      this.recordStartError(error);
      throw error;
    }

    const previousState = this.currentState;
    this.currentState = "starting";
    this.error = null;
    let proc: RealmProcess;
    try {
      proc = await RealmProcess.spawn({
        bin: engine.path,
        configPath: this.realm.paths.configPath,
        logPath: this.realm.paths.logPath,
        cwd: this.realm.paths.dir,
      });
    } catch (cause) {
      this.currentState = previousState;
      const error = spawnFailureError(engine.path, cause);
      this.recordStartError(error);
      throw error;
    }
    const running = this.attach(proc, new Date().toISOString());
    this.log.info({ realmPid: proc.pid }, "realm process started");
    // Persist the pid at once: should realmd die during the wait, the next one adopts the realm.
    this.options.onChange();

    const outcome = await waitUntilReady(
      this.realm.ports.monitor,
      running.exitHandled,
      this.readinessTimeoutMs,
      this.realm.cluster ? "jetstream-enabled" : "healthy",
    );
    if (outcome === "ready") {
      this.currentState = "running";
      this.options.onChange();
      return;
    }
    if (outcome === "timeout") {
      // Leave nothing behind: a realm that never became healthy is killed, not half-running.
      this.exitRequest = { expected: false, then: "crashed", signal: "SIGKILL" };
      proc.signal("SIGKILL");
      await running.exitHandled;
    }
    const error = startFailureError({
      realmName: this.realm.name,
      ports: this.realm.ports,
      outcome,
      outputTail: await readLogTail(this.realm.paths.logPath),
      exit: this.exit,
      readinessTimeoutMs: this.readinessTimeoutMs,
    });
    this.recordStartError(error);
    throw error;
  }

  /**
   * Rewrites the config and has the running realm reload it (SIGHUP). Resolves true once the
   * realm shows the new config with its routes, false when it did not take it within
   * `RELOAD_TIMEOUT_MS`: nats-server refuses some changes (a new cluster block) silently.
   */
  async reload(): Promise<boolean> {
    const running = this.running;
    if (!running) throw new Error(`realm ${this.realm.name} has no process to reload`);
    const { monitor } = this.realm.ports;
    const before = await readLoadedConfig(monitor);
    await writeRealmConfig(this.realm.paths, this.realm);
    running.proc.signal("SIGHUP");
    const reloaded = await waitForReload(
      monitor,
      before?.loadedAt ?? null,
      this.realm.cluster?.routes ?? [],
    );
    this.log.info({ reloaded }, reloaded ? "realm reloaded its config" : "realm did not reload");
    return reloaded;
  }

  /** Rewrites the config of a realm that is not running, for its next start. */
  async writeConfig(): Promise<void> {
    await writeRealmConfig(this.realm.paths, this.realm);
  }

  /** SIGTERM, then SIGKILL after the grace period; resolves once the process is gone. */
  async stop(): Promise<void> {
    const running = this.running;
    if (!running) return;
    this.exitRequest = { expected: true, then: "stopped" };
    this.currentState = "stopping";
    this.options.onChange();
    // A paused process cannot act on SIGTERM until it is continued.
    running.proc.signal("SIGCONT");
    running.proc.signal("SIGTERM");
    const stopGraceMs = this.options.stopGraceMs ?? STOP_GRACE_MS;
    if (!(await settlesWithin(running.exitHandled, stopGraceMs))) {
      this.log.warn({ stopGraceMs }, "realm did not stop in time; killing it");
      this.exitRequest = { expected: true, then: "stopped", signal: "SIGKILL" };
      running.proc.signal("SIGKILL");
      await running.exitHandled;
    }
  }

  /** SIGKILL; resolves once the process is gone. */
  async kill(): Promise<void> {
    const running = this.running;
    if (!running) return;
    this.exitRequest = { expected: true, then: "stopped", signal: "SIGKILL" };
    this.currentState = "stopping";
    running.proc.signal("SIGKILL");
    await running.exitHandled;
  }

  /** SIGSTOP: the realm keeps its sockets but answers nothing until resumed. */
  async pause(): Promise<void> {
    const running = this.running;
    if (!running) return;
    running.proc.signal("SIGSTOP");
    await waitForProcState(running.proc.pid, (state) => state === "T");
    if (this.running === running) {
      this.currentState = "paused";
      this.options.onChange();
    }
  }

  /** SIGCONT. */
  async resume(): Promise<void> {
    const running = this.running;
    if (!running) return;
    running.proc.signal("SIGCONT");
    await waitForProcState(running.proc.pid, (state) => state !== "T");
    if (this.running === running) {
      this.currentState = "running";
      this.options.onChange();
    }
  }

  /** An operator acknowledged a crash by stopping the realm: it is simply stopped now. */
  markStopped(): void {
    if (this.running) return;
    this.currentState = "stopped";
    this.options.onChange();
  }

  /** Takes over a nats-server left running by an earlier realmd. */
  adopt(pid: number, startedAt: string, paused: boolean): void {
    if (this.running) throw new Error(`realm ${this.realm.name} already has a process`);
    const proc = RealmProcess.adopt(pid, this.options.adoptPollIntervalMs);
    this.attach(proc, startedAt);
    this.currentState = paused ? "paused" : "running";
    this.log.info({ realmPid: pid, state: this.currentState }, "adopted running realm");
  }

  /** Stops watching the process without touching it: realmd exits and leaves the realm running. */
  release(): void {
    this.running?.proc.release();
  }

  private get readinessTimeoutMs(): number {
    return this.options.readinessTimeoutMs ?? READINESS_TIMEOUT_MS;
  }

  private attach(proc: RealmProcess, startedAt: string): Running {
    const exitHandled = proc.exited.then(
      (exit) => this.recordExit(proc, exit),
      (error: unknown) => this.log.error({ err: error }, "lost track of realm process"),
    );
    const running = { proc, exitHandled };
    this.running = running;
    this.started = startedAt;
    return running;
  }

  private recordExit(proc: RealmProcess, exit: ProcessExit): void {
    if (this.running?.proc !== proc) return;
    const request = this.exitRequest;
    this.exitRequest = null;
    this.running = null;
    this.started = null;
    this.exit = recordedExit(exit, proc.adopted, request);
    const { signal } = this.exit;
    this.currentState = request ? request.then : "crashed";
    if (request) {
      this.log.info({ realmPid: proc.pid, code: exit.code, signal }, "realm process exited");
    } else {
      this.log.error(
        { realmPid: proc.pid, code: exit.code, signal },
        "realm exited on its own; reporting it as crashed and not restarting it",
      );
    }
    this.options.onChange();
  }

  private recordStartError(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    const tail = error instanceof ApiError ? error.details?.["outputTail"] : undefined;
    this.error =
      typeof tail === "string" && tail !== ""
        ? `${message}\n--- last output ---\n${tail}`
        : message;
    this.log.warn({ err: message }, "realm did not start");
    this.options.onChange();
  }
}
