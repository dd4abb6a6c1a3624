import {
  ApiError,
  type HostedRealm,
  type RealmMonitor,
  type RealmStateEvent,
  type RealmSummary,
} from "@em/contracts";
import type { HostObservation, HostRecord, HostStore } from "./host-store.js";
import type { Logger } from "./logger.js";
import { RealmdClient } from "./realmd-client.js";
import {
  summarizeMonitor,
  summarizeUnknown,
  type RealmHostRef,
  type RealmView,
} from "./realm-summary.js";

/** @default 2000 — listing realms is answered from realmd's memory; longer means realmd is in trouble. */
export const HOST_POLL_TIMEOUT_MS = 2_000;

/** @default 300000 — a host's version and hostname rarely change; re-read them now and then. */
const HEALTH_REFRESH_MS = 300_000;

/** @default 30000 — last_seen alone is not worth a database write every poll. */
const LAST_SEEN_PERSIST_MS = 30_000;

export interface RealmPollerOptions {
  hosts: HostStore;
  pollIntervalMs: number;
  /** How long a realm may take to answer before it counts as unresponsive. */
  realmTimeoutMs: number;
  logger: Logger;
  /** A realm changed status or process state: publish at once. */
  onStateChange: (event: RealmStateEvent) => void;
  /** A realm is gone from its host, or its host was forgotten. */
  onRemoved: (name: string) => void;
}

interface RealmEntry {
  definition: HostedRealm;
  view: RealmView | undefined;
  running: boolean;
  stopped: boolean;
  timer: NodeJS.Timeout | undefined;
  inFlight: Promise<void> | null;
}

interface HostEntry {
  ref: RealmHostRef;
  client: RealmdClient;
  observation: HostObservation;
  healthAt: number;
  realms: Map<string, RealmEntry>;
  stopped: boolean;
  timer: NodeJS.Timeout | undefined;
  inFlight: Promise<void> | null;
  warm: boolean;
  firstCycle: Promise<void>;
  markWarm: () => void;
  persistedKey: string;
  persistedAt: number;
}

/**
 * Polls every host for its realm list and every realm for a monitoring sample, each on its own
 * loop, and keeps the latest {@link RealmSummary} of each realm in memory so reads never wait on
 * a realm. A realm's next poll starts only after its previous one finished, so a frozen realm
 * costs one outstanding request, delays nobody else, and polls never pile up.
 */
export class RealmPoller {
  private readonly hosts = new Map<string, HostEntry>();
  private readonly store: HostStore;
  private readonly logger: Logger;
  private readonly pollIntervalMs: number;
  private readonly realmTimeoutMs: number;
  /** What realmd is told to wait for a realm: our own budget minus room for the round trip. */
  private readonly realmdWaitMs: number;
  private stopping = false;

  constructor(private readonly options: RealmPollerOptions) {
    this.store = options.hosts;
    this.logger = options.logger;
    this.pollIntervalMs = options.pollIntervalMs;
    this.realmTimeoutMs = options.realmTimeoutMs;
    // realmd accepts 100–5000 ms.
    const margin = Math.min(200, Math.floor(options.realmTimeoutMs / 4));
    this.realmdWaitMs = Math.min(5000, Math.max(100, options.realmTimeoutMs - margin));
  }

  /** Starts polling every stored host, showing each one's last known realms until it answers. */
  start(): void {
    for (const record of this.store.list()) this.addHost(record);
  }

  addHost(record: HostRecord): void {
    if (this.stopping || this.hosts.has(record.id)) return;
    let markWarm = () => {};
    const firstCycle = new Promise<void>((resolve) => (markWarm = resolve));
    const ref = { id: record.id, name: record.name, url: record.url };
    const host: HostEntry = {
      ref,
      client: new RealmdClient(record.url, record.token),
      observation: {
        status: record.status,
        version: record.version,
        hostname: record.hostname,
        realmCount: record.realmCount,
        lastSeen: record.lastSeen,
        problem: record.problem,
        realms: record.realms,
      },
      // Re-read version and hostname on the first poll: realmd may have been upgraded meanwhile.
      healthAt: 0,
      realms: new Map(),
      stopped: false,
      timer: undefined,
      inFlight: null,
      warm: false,
      firstCycle,
      markWarm: () => {
        host.warm = true;
        markWarm();
      },
      persistedKey: "",
      persistedAt: 0,
    };
    for (const definition of record.realms) {
      host.realms.set(definition.name, {
        definition,
        view: summarizeUnknown(
          ref,
          definition,
          undefined,
          "not polled yet since the admin API started",
        ),
        running: false,
        stopped: false,
        timer: undefined,
        inFlight: null,
      });
    }
    this.hosts.set(record.id, host);
    void this.runHost(host);
  }

  /** Stops polling a host and drops its realms from the view (they keep running). */
  removeHost(id: string): void {
    const host = this.hosts.get(id);
    if (!host) return;
    this.hosts.delete(id);
    host.stopped = true;
    clearTimeout(host.timer);
    for (const [name, entry] of host.realms) {
      this.stopRealm(entry);
      if (entry.view) this.options.onRemoved(name);
    }
    host.markWarm();
  }

  /** Every known realm's latest summary, by name. Never waits. */
  summaries(): RealmSummary[] {
    const result: RealmSummary[] = [];
    for (const host of this.hosts.values()) {
      for (const entry of host.realms.values()) if (entry.view) result.push(entry.view.summary);
    }
    return result.sort(
      (a, b) => a.name.localeCompare(b.name) || a.hostName.localeCompare(b.hostName),
    );
  }

  /** The realm of that name on any host (realm names are unique console-wide). */
  findRealm(name: string): RealmView | undefined {
    for (const host of this.hosts.values()) {
      const view = host.realms.get(name)?.view;
      if (view) return view;
    }
    return undefined;
  }

  /** A host's live status as last polled. */
  hostObservation(id: string): HostObservation | undefined {
    return this.hosts.get(id)?.observation;
  }

  /**
   * Waits, at most `timeoutMs`, for hosts not yet polled since start-up: the one bounded fetch
   * of a cold start. Returns at once when every host has been polled.
   */
  async warmUp(timeoutMs: number): Promise<void> {
    const pending = [...this.hosts.values()]
      .filter((host) => !host.warm)
      .map((host) => host.firstCycle);
    if (pending.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(pending),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
    ]);
    clearTimeout(timer);
  }

  /** Re-lists a host's realms now (after one was created), then polls new realms at once. */
  async refreshHost(hostId: string): Promise<void> {
    const host = this.hosts.get(hostId);
    if (!host) return;
    while (host.inFlight) await host.inFlight;
    await this.runHost(host);
  }

  /** Polls one realm now (after an action), publishing any state change; returns its new view. */
  async refreshRealm(hostId: string, name: string): Promise<RealmView | undefined> {
    const host = this.hosts.get(hostId);
    const entry = host?.realms.get(name);
    if (!host || !entry) return undefined;
    while (entry.inFlight) await entry.inFlight;
    // The caller just talked to this host successfully, so poll even if it was marked unreachable.
    await this.runRealm(host, entry, true);
    return entry.view;
  }

  /** Stops every loop and waits for requests in flight (each bounded by its timeout). */
  async stop(): Promise<void> {
    this.stopping = true;
    const inFlight: Promise<void>[] = [];
    for (const host of this.hosts.values()) {
      host.stopped = true;
      clearTimeout(host.timer);
      if (host.inFlight) inFlight.push(host.inFlight);
      for (const entry of host.realms.values()) {
        this.stopRealm(entry);
        if (entry.inFlight) inFlight.push(entry.inFlight);
      }
      host.markWarm();
    }
    await Promise.allSettled(inFlight);
  }

  private nextDelay(startedAt: number): number {
    return Math.max(
      this.pollIntervalMs - (Date.now() - startedAt),
      Math.min(100, this.pollIntervalMs),
    );
  }

  private runHost(host: HostEntry): Promise<void> {
    if (host.stopped) return Promise.resolve();
    clearTimeout(host.timer);
    const startedAt = Date.now();
    return (host.inFlight = this.pollHost(host)
      .catch((error: unknown) =>
        this.logger.error({ err: error, host: host.ref.name }, "host poll failed"),
      )
      .finally(() => {
        host.inFlight = null;
        if (!host.stopped)
          host.timer = setTimeout(() => void this.runHost(host), this.nextDelay(startedAt));
      }));
  }

  private async pollHost(host: HostEntry): Promise<void> {
    try {
      const realms = await host.client.listRealms(HOST_POLL_TIMEOUT_MS);
      let { version, hostname } = host.observation;
      const recovered = host.observation.status !== "online";
      if (recovered || version === null || Date.now() - host.healthAt > HEALTH_REFRESH_MS) {
        ({ version, hostname } = await host.client.health(HOST_POLL_TIMEOUT_MS));
        host.healthAt = Date.now();
      }
      if (host.stopped) return;
      if (recovered) this.logger.info({ host: host.ref.name }, "host reachable");
      host.observation = {
        status: "online",
        version,
        hostname,
        realmCount: realms.length,
        lastSeen: new Date().toISOString(),
        problem: null,
        realms,
      };
      this.reconcile(host, realms);
    } catch (error) {
      if (host.stopped) return;
      const problem =
        error instanceof ApiError ? error.message : "unexpected error while polling the host";
      if (!(error instanceof ApiError))
        this.logger.error({ err: error, host: host.ref.name }, "host poll failed");
      if (host.observation.status !== "unreachable") {
        this.logger.warn({ host: host.ref.name, problem }, "host unreachable");
      }
      host.observation = { ...host.observation, status: "unreachable", problem };
      for (const entry of host.realms.values()) {
        this.setView(
          host,
          entry,
          summarizeUnknown(host.ref, entry.definition, entry.view, `host unreachable: ${problem}`),
        );
      }
    }
    this.persist(host);
    if (!host.warm) {
      const firstPolls = [...host.realms.values()].flatMap((entry) => entry.inFlight ?? []);
      void Promise.allSettled(firstPolls).then(() => host.markWarm());
    }
  }

  /** Follows the host's realm list: new realms get their own loop, vanished ones are dropped. */
  private reconcile(host: HostEntry, realms: HostedRealm[]): void {
    const listed = new Set<string>();
    for (const definition of realms) {
      listed.add(definition.name);
      let entry = host.realms.get(definition.name);
      if (!entry) {
        entry = {
          definition,
          view: undefined,
          running: false,
          stopped: false,
          timer: undefined,
          inFlight: null,
        };
        host.realms.set(definition.name, entry);
      }
      entry.definition = definition;
      if (!entry.running) void this.runRealm(host, entry);
    }
    for (const [name, entry] of host.realms) {
      if (listed.has(name)) continue;
      this.stopRealm(entry);
      host.realms.delete(name);
      if (entry.view) {
        this.logger.info({ host: host.ref.name, realm: name }, "realm removed");
        this.options.onRemoved(name);
      }
    }
  }

  private runRealm(host: HostEntry, entry: RealmEntry, force = false): Promise<void> {
    if (entry.stopped || host.stopped) return Promise.resolve();
    entry.running = true;
    clearTimeout(entry.timer);
    const startedAt = Date.now();
    return (entry.inFlight = this.pollRealm(host, entry, force)
      .catch((error: unknown) =>
        this.logger.error({ err: error, realm: entry.definition.name }, "realm poll failed"),
      )
      .finally(() => {
        entry.inFlight = null;
        if (!entry.stopped && !host.stopped) {
          entry.timer = setTimeout(
            () => void this.runRealm(host, entry),
            this.nextDelay(startedAt),
          );
        }
      }));
  }

  private stopRealm(entry: RealmEntry): void {
    entry.stopped = true;
    clearTimeout(entry.timer);
  }

  private async pollRealm(host: HostEntry, entry: RealmEntry, force: boolean): Promise<void> {
    // While the host is unreachable its loop has marked every realm unknown and keeps probing.
    if (host.observation.status === "unreachable" && !force) return;
    const name = entry.definition.name;
    let monitor: RealmMonitor;
    try {
      monitor = await host.client.monitor(name, this.realmdWaitMs, this.realmTimeoutMs);
    } catch (error) {
      if (entry.stopped) return;
      if (error instanceof ApiError && error.code === "HOST_TIMEOUT") {
        // realmd answers its other calls, so the realm is what holds this one up.
        monitor = {
          process: entry.definition.process,
          sample: null,
          problem: { kind: "timeout", message: `no answer within ${this.realmTimeoutMs} ms` },
        };
      } else {
        const problem =
          error instanceof ApiError ? error.message : "unexpected error while polling the realm";
        if (!(error instanceof ApiError))
          this.logger.error({ err: error, realm: name }, "realm poll failed");
        this.setView(
          host,
          entry,
          summarizeUnknown(host.ref, entry.definition, entry.view, problem),
        );
        return;
      }
    }
    if (entry.stopped) return;
    this.setView(
      host,
      entry,
      summarizeMonitor(host.ref, entry.definition, monitor, entry.view, new Date()),
    );
  }

  private setView(host: HostEntry, entry: RealmEntry, view: RealmView): void {
    const previous = entry.view?.summary;
    entry.view = view;
    const next = view.summary;
    if (previous && previous.status === next.status && previous.processState === next.processState)
      return;
    this.logger.info(
      {
        host: host.ref.name,
        realm: next.name,
        from: previous?.status ?? null,
        to: next.status,
        problem: next.problem,
      },
      "realm state changed",
    );
    this.options.onStateChange({
      name: next.name,
      status: next.status,
      previous: previous?.status ?? null,
      at: new Date().toISOString(),
      realm: next,
    });
  }

  private persist(host: HostEntry): void {
    const { lastSeen: _lastSeen, ...rest } = host.observation;
    const key = JSON.stringify(rest);
    if (key === host.persistedKey && Date.now() - host.persistedAt < LAST_SEEN_PERSIST_MS) return;
    try {
      this.store.observe(host.ref.id, host.observation);
      host.persistedKey = key;
      host.persistedAt = Date.now();
    } catch (error) {
      this.logger.error({ err: error, host: host.ref.name }, "could not record host state");
    }
  }
}
