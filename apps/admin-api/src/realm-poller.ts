import type { RealmStateEvent, RealmSummary } from "@em/contracts";
import { HostPollLoop } from "./host-poll-loop.js";
import type { HostObservation, HostRecord, HostStore } from "./host-store.js";
import type { Logger } from "./logger.js";
import type { PollSettings } from "./poll-settings.js";
import type { RealmView } from "./realm-summary.js";

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

/**
 * Polls every host for its realm list and every realm for a monitoring sample, each on its own
 * loop, and keeps the latest {@link RealmSummary} of each realm in memory so reads never wait on
 * a realm. A realm's next poll starts only after its previous one finished, so a frozen realm
 * costs one outstanding request, delays nobody else, and polls never pile up.
 */
export class RealmPoller {
  private readonly hosts = new Map<string, HostPollLoop>();
  private readonly settings: PollSettings;
  private stopping = false;

  constructor(private readonly options: RealmPollerOptions) {
    // realmd accepts 100–5000 ms.
    const margin = Math.min(200, Math.floor(options.realmTimeoutMs / 4));
    this.settings = {
      store: options.hosts,
      logger: options.logger,
      pollIntervalMs: options.pollIntervalMs,
      realmTimeoutMs: options.realmTimeoutMs,
      realmdWaitMs: Math.min(5000, Math.max(100, options.realmTimeoutMs - margin)),
      onStateChange: options.onStateChange,
      onRemoved: options.onRemoved,
    };
  }

  /** Starts polling every stored host, showing each one's last known realms until it answers. */
  start(): void {
    for (const record of this.options.hosts.list()) this.addHost(record);
  }

  addHost(record: HostRecord): void {
    if (this.stopping || this.hosts.has(record.id)) return;
    const host = new HostPollLoop(record, this.settings);
    this.hosts.set(record.id, host);
    void host.run();
  }

  /** Stops polling a host and drops its realms from the view (they keep running). */
  removeHost(id: string): void {
    const host = this.hosts.get(id);
    if (!host) return;
    this.hosts.delete(id);
    host.stop();
    for (const [name, realm] of host.realms) if (realm.view) this.options.onRemoved(name);
  }

  /** Every known realm's latest summary, by name. Never waits. */
  summaries(): RealmSummary[] {
    const result: RealmSummary[] = [];
    for (const host of this.hosts.values()) {
      for (const realm of host.realms.values()) if (realm.view) result.push(realm.view.summary);
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
    await host.run();
  }

  /** Polls one realm now (after an action), publishing any state change; returns its new view. */
  async refreshRealm(hostId: string, name: string): Promise<RealmView | undefined> {
    const host = this.hosts.get(hostId);
    const realm = host?.realms.get(name);
    if (!host || !realm) return undefined;
    while (realm.inFlight) await realm.inFlight;
    // The caller just talked to this host successfully, so poll even if it was marked unreachable.
    await realm.run(true);
    return realm.view;
  }

  /** Stops every loop and waits for requests in flight (each bounded by its timeout). */
  async stop(): Promise<void> {
    this.stopping = true;
    const inFlight: Promise<void>[] = [];
    for (const host of this.hosts.values()) {
      host.stop();
      if (host.inFlight) inFlight.push(host.inFlight);
      for (const realm of host.realms.values()) if (realm.inFlight) inFlight.push(realm.inFlight);
    }
    await Promise.allSettled(inFlight);
  }
}
