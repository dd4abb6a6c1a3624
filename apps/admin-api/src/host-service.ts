import { ApiError, type Host, type RegisterHost } from "@em/contracts";
import { toHost, type HostStore } from "./host-store.js";
import type { Logger } from "./logger.js";
import { normalizeHostUrl } from "./normalize-host-url.js";
import type { RealmPoller } from "./realm-poller.js";
import { RealmdClient } from "./realmd-client.js";

function isUniqueViolation(error: unknown): boolean {
  return (
    error instanceof Error && (error as { code?: unknown }).code === "SQLITE_CONSTRAINT_UNIQUE"
  );
}

/** Registers, lists and forgets realm hosts (realmd daemons). */
export class HostService {
  constructor(
    private readonly store: HostStore,
    private readonly poller: RealmPoller,
    private readonly logger: Logger,
  ) {}

  list(): Host[] {
    return this.store
      .list()
      .map((record) => toHost({ ...record, ...this.poller.hostObservation(record.id) }));
  }

  /** Checks that a realmd answers at `url` and accepts `token`, then remembers it and starts polling. */
  async register(input: RegisterHost): Promise<Host> {
    const url = normalizeHostUrl(input.url);
    this.assertNotRegistered(url);
    const health = await new RealmdClient(url, input.token).health();
    this.assertNotRegistered(url);
    let record;
    try {
      record = this.store.insert({
        name: input.name ?? health.hostname,
        url,
        token: input.token,
        status: "online",
        version: health.version,
        hostname: health.hostname,
        realmCount: health.realmCount,
        lastSeen: new Date().toISOString(),
        problem: null,
        realms: [],
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw new ApiError("CONFLICT", `A host with URL ${url} is already registered`);
      throw error;
    }
    this.logger.info({ host: record.name, url }, "host registered");
    this.poller.addHost(record);
    return toHost(record);
  }

  /** Forgets a host; its realms keep running and can be registered again. */
  delete(id: string): void {
    const record = this.store.get(id);
    if (!record || !this.store.delete(id))
      throw new ApiError("NOT_FOUND", `No host with id "${id}"`);
    this.poller.removeHost(id);
    this.logger.info({ host: record.name, url: record.url }, "host forgotten");
  }

  isRegistered(url: string): boolean {
    return this.store.findByUrl(normalizeHostUrl(url)) !== undefined;
  }

  private assertNotRegistered(url: string): void {
    const existing = this.store.findByUrl(url);
    if (existing) {
      throw new ApiError(
        "CONFLICT",
        `A host with URL ${url} is already registered as "${existing.name}"`,
      );
    }
  }
}
