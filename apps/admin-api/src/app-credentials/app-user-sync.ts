import type { AppCredentialSync } from "@em/contracts";
import type { HostRecord, HostStore } from "../host-store.js";
import type { Logger } from "../logger.js";
import { RealmdClient } from "../realmd-client.js";
import type { AppCredentialStore } from "./app-credential-store.js";

/** @default 5000 — how often hosts that have not taken the latest credentials are sent them again. */
export const APP_USER_RETRY_MS = 5_000;

export interface AppUserSyncOptions {
  credentials: AppCredentialStore;
  hosts: HostStore;
  logger: Logger;
  retryIntervalMs?: number;
}

/**
 * Keeps every realm host's application users equal to the credentials in SQLite, which are the
 * desired state. Each change is pushed to every host at once (the whole list, so pushes are
 * idempotent); a host that is unreachable, or has a realm that could not take the list (paused,
 * or not reloading), stays pending and is sent the list again every few seconds until it takes
 * it. A host registered later, and every host after the admin API starts, is sent it too.
 */
export class AppUserSync {
  /** Bumped by every change of the credentials. */
  private revision = 1;
  /** The revision each host took in full. */
  private readonly taken = new Map<string, number>();
  /** Why each host that has not taken the latest revision has not. */
  private readonly problems = new Map<string, { host: string; problem: string }>();
  private queue: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: AppUserSyncOptions) {}

  /** Pushes the current credentials to every host that lacks them; resolves with who still does. */
  changed(): Promise<AppCredentialSync> {
    this.revision++;
    return this.pushPending();
  }

  /** Hosts that have not taken the latest credentials, and why. */
  status(): AppCredentialSync {
    const pendingHosts = this.options.hosts
      .list()
      .filter((host) => this.taken.get(host.id) !== this.revision)
      .map(
        (host) =>
          this.problems.get(host.id) ?? { host: host.name, problem: "not sent the latest yet" },
      );
    return { pendingHosts };
  }

  start(): void {
    const retryMs = this.options.retryIntervalMs ?? APP_USER_RETRY_MS;
    this.timer = setInterval(() => void this.pushPending(), retryMs);
    this.timer.unref();
    void this.pushPending();
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.queue.catch(() => undefined);
  }

  /** One push round at a time, so an older list never lands after a newer one. */
  private pushPending(): Promise<AppCredentialSync> {
    const round = this.queue.then(async () => {
      const revision = this.revision;
      const hosts = this.options.hosts
        .list()
        .filter((host) => this.taken.get(host.id) !== revision);
      if (hosts.length > 0) {
        const users = { users: this.options.credentials.realmUsers() };
        await Promise.all(hosts.map((host) => this.push(host, users, revision)));
      }
      return this.status();
    });
    this.queue = round.catch(() => undefined);
    return round;
  }

  private async push(
    host: HostRecord,
    users: Parameters<RealmdClient["setAppUsers"]>[0],
    revision: number,
  ): Promise<void> {
    try {
      const { realms } = await new RealmdClient(host.url, host.token).setAppUsers(users);
      const pending = realms.filter((realm) => realm.applied === "pending");
      if (pending.length === 0) {
        this.taken.set(host.id, revision);
        this.problems.delete(host.id);
        return;
      }
      const problem = pending
        .map((realm) => `${realm.name}: ${realm.problem ?? "not applied"}`)
        .join("; ");
      this.problems.set(host.id, { host: host.name, problem });
    } catch (error) {
      const problem = `not reachable: ${(error as Error).message}`;
      if (this.problems.get(host.id)?.problem !== problem)
        this.options.logger.warn(
          { host: host.name, err: (error as Error).message },
          "application credentials not pushed to a host; retrying",
        );
      this.problems.set(host.id, { host: host.name, problem });
    }
  }
}
