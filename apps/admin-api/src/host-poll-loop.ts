import { ApiError, type HostedRealm } from "@em/contracts";
import type { HostObservation, HostRecord } from "./host-store.js";
import { nextPollDelay, type PollSettings } from "./poll-settings.js";
import { RealmdClient } from "./realmd-client.js";
import { RealmPollLoop, type RealmLoopHost } from "./realm-poll-loop.js";
import { summarizeUnknown, type RealmHostRef } from "./realm-summary.js";

/** @default 2000 — listing realms is answered from realmd's memory; longer means realmd is in trouble. */
export const HOST_POLL_TIMEOUT_MS = 2_000;

/** @default 300000 — a host's version and hostname rarely change; re-read them now and then. */
const HEALTH_REFRESH_MS = 300_000;

/** @default 30000 — last_seen alone is not worth a database write every poll. */
const LAST_SEEN_PERSIST_MS = 30_000;

/**
 * One host's poll loop: lists its realms every interval, records what it saw in the host store,
 * and keeps one {@link RealmPollLoop} per listed realm. While the host is unreachable its realms
 * show unknown, with their last metrics, until it answers again.
 */
export class HostPollLoop implements RealmLoopHost {
  readonly ref: RealmHostRef;
  readonly client: RealmdClient;
  /** Settles once the host and its realms have been polled once since start-up, or stopped. */
  readonly firstCycle: Promise<void>;
  private currentObservation: HostObservation;
  private readonly loops = new Map<string, RealmPollLoop>();
  private isStopped = false;
  private isWarm = false;
  private resolveFirstCycle: () => void = () => {};
  // Re-read version and hostname on the first poll: realmd may have been upgraded meanwhile.
  private healthAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> | null = null;
  private persistedKey = "";
  private persistedAt = 0;

  /** Shows the host's last known realms until it answers. */
  constructor(
    record: HostRecord,
    private readonly settings: PollSettings,
  ) {
    this.firstCycle = new Promise<void>((resolve) => (this.resolveFirstCycle = resolve));
    this.ref = { id: record.id, name: record.name, url: record.url };
    this.client = new RealmdClient(record.url, record.token);
    this.currentObservation = {
      status: record.status,
      version: record.version,
      hostname: record.hostname,
      realmCount: record.realmCount,
      lastSeen: record.lastSeen,
      problem: record.problem,
      realms: record.realms,
    };
    for (const definition of record.realms) {
      const view = summarizeUnknown(
        this.ref,
        definition,
        undefined,
        "not polled yet since the admin API started",
      );
      this.loops.set(definition.name, new RealmPollLoop(this, definition, view, settings));
    }
  }

  /** The host's live status as last polled. */
  get observation(): HostObservation {
    return this.currentObservation;
  }

  get realms(): ReadonlyMap<string, RealmPollLoop> {
    return this.loops;
  }

  get stopped(): boolean {
    return this.isStopped;
  }

  /** True once {@link firstCycle} has settled. */
  get warm(): boolean {
    return this.isWarm;
  }

  /** The host poll under way, if any. */
  get inFlight(): Promise<void> | null {
    return this.current;
  }

  /** Polls now, then again every interval. */
  run(): Promise<void> {
    if (this.isStopped) return Promise.resolve();
    clearTimeout(this.timer);
    const startedAt = Date.now();
    return (this.current = this.poll()
      .catch((error: unknown) =>
        this.settings.logger.error({ err: error, host: this.ref.name }, "host poll failed"),
      )
      .finally(() => {
        this.current = null;
        if (!this.isStopped)
          this.timer = setTimeout(
            () => void this.run(),
            nextPollDelay(this.settings.pollIntervalMs, startedAt),
          );
      }));
  }

  /** Stops this loop and its realms' loops; polls in flight finish on their own. */
  stop(): void {
    this.isStopped = true;
    clearTimeout(this.timer);
    for (const realm of this.loops.values()) realm.stop();
    this.markWarm();
  }

  private markWarm(): void {
    this.isWarm = true;
    this.resolveFirstCycle();
  }

  private async poll(): Promise<void> {
    const { logger } = this.settings;
    try {
      const realms = await this.client.listRealms(HOST_POLL_TIMEOUT_MS);
      let { version, hostname } = this.currentObservation;
      const recovered = this.currentObservation.status !== "online";
      if (recovered || version === null || Date.now() - this.healthAt > HEALTH_REFRESH_MS) {
        ({ version, hostname } = await this.client.health(HOST_POLL_TIMEOUT_MS));
        this.healthAt = Date.now();
      }
      if (this.isStopped) return;
      if (recovered) logger.info({ host: this.ref.name }, "host reachable");
      this.currentObservation = {
        status: "online",
        version,
        hostname,
        realmCount: realms.length,
        lastSeen: new Date().toISOString(),
        problem: null,
        realms,
      };
      this.reconcile(realms);
    } catch (error) {
      if (this.isStopped) return;
      const problem =
        error instanceof ApiError ? error.message : "unexpected error while polling the host";
      if (!(error instanceof ApiError))
        logger.error({ err: error, host: this.ref.name }, "host poll failed");
      if (this.currentObservation.status !== "unreachable") {
        logger.warn({ host: this.ref.name, problem }, "host unreachable");
      }
      this.currentObservation = { ...this.currentObservation, status: "unreachable", problem };
      for (const realm of this.loops.values()) realm.showUnknown(`host unreachable: ${problem}`);
    }
    this.persist();
    if (!this.isWarm) {
      const firstPolls = [...this.loops.values()].flatMap((realm) => realm.inFlight ?? []);
      void Promise.allSettled(firstPolls).then(() => this.markWarm());
    }
  }

  /** Follows the host's realm list: new realms get their own loop, vanished ones are dropped. */
  private reconcile(realms: HostedRealm[]): void {
    const listed = new Set<string>();
    for (const definition of realms) {
      listed.add(definition.name);
      let realm = this.loops.get(definition.name);
      if (!realm) {
        realm = new RealmPollLoop(this, definition, undefined, this.settings);
        this.loops.set(definition.name, realm);
      }
      realm.definition = definition;
      realm.start();
    }
    for (const [name, realm] of this.loops) {
      if (listed.has(name)) continue;
      realm.stop();
      this.loops.delete(name);
      if (realm.view) {
        this.settings.logger.info({ host: this.ref.name, realm: name }, "realm removed");
        this.settings.onRemoved(name);
      }
    }
  }

  private persist(): void {
    const { lastSeen: _lastSeen, ...rest } = this.currentObservation;
    const key = JSON.stringify(rest);
    if (key === this.persistedKey && Date.now() - this.persistedAt < LAST_SEEN_PERSIST_MS) return;
    try {
      this.settings.store.observe(this.ref.id, this.currentObservation);
      this.persistedKey = key;
      this.persistedAt = Date.now();
    } catch (error) {
      this.settings.logger.error(
        { err: error, host: this.ref.name },
        "could not record host state",
      );
    }
  }
}
