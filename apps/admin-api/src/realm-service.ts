import { ApiError, type CreateRealm, type RealmAction, type RealmSummary } from "@em/contracts";
import type { HostStore } from "./host-store.js";
import type { RealmPoller } from "./realm-poller.js";
import { RealmdClient } from "./realmd-client.js";

/** Reads realms from the poller's cache and sends changes to their realmd. */
export class RealmService {
  constructor(
    private readonly hosts: HostStore,
    private readonly poller: RealmPoller,
    /** The one bounded wait allowed on a cold start, before any host was polled. */
    private readonly coldStartWaitMs: number,
  ) {}

  async list(): Promise<RealmSummary[]> {
    await this.poller.warmUp(this.coldStartWaitMs);
    return this.poller.summaries();
  }

  async get(name: string): Promise<RealmSummary> {
    await this.poller.warmUp(this.coldStartWaitMs);
    return this.find(name).summary;
  }

  async create(input: CreateRealm): Promise<RealmSummary> {
    const host = this.hosts.get(input.hostId);
    if (!host)
      throw new ApiError("NOT_FOUND", `No host with id "${input.hostId}": register it first`);
    await this.poller.warmUp(this.coldStartWaitMs);
    const existing = this.poller.findRealm(input.name);
    if (existing) {
      throw new ApiError(
        "CONFLICT",
        `A realm named "${input.name}" already exists on host "${existing.summary.hostName}": realm names are unique across the console`,
      );
    }
    await new RealmdClient(host.url, host.token).createRealm({
      name: input.name,
      nspPort: input.nspPort,
      nhpPort: input.nhpPort,
      monitorPort: input.monitorPort,
      ...(input.nspsPort === undefined ? {} : { nspsPort: input.nspsPort }),
      ...(input.nhpsPort === undefined ? {} : { nhpsPort: input.nhpsPort }),
      bindHost: "127.0.0.1",
      start: input.start,
    });
    await this.poller.refreshHost(host.id);
    const view = await this.poller.refreshRealm(host.id, input.name);
    if (!view) {
      throw new ApiError(
        "HOST_REJECTED",
        `realmd at ${host.url} accepted realm "${input.name}" but does not list it`,
      );
    }
    return view.summary;
  }

  /** Runs an action on a realm's process, then re-polls it so the answer and the live feed show the result. */
  async act(name: string, action: RealmAction): Promise<RealmSummary> {
    const view = this.find(name);
    const host = this.hosts.get(view.hostId);
    if (!host) throw new ApiError("NOT_FOUND", `No realm named "${name}"`);
    await new RealmdClient(host.url, host.token).realmAction(name, action);
    return (await this.poller.refreshRealm(host.id, name))?.summary ?? this.find(name).summary;
  }

  /** The CA (PEM, public) that clients of the realm's nsps / nhps interfaces trust, from its realmd. */
  async caCertificate(name: string): Promise<string> {
    await this.poller.warmUp(this.coldStartWaitMs);
    const host = this.hosts.get(this.find(name).hostId);
    if (!host) throw new ApiError("NOT_FOUND", `No realm named "${name}"`);
    return new RealmdClient(host.url, host.token).caCertificate(name);
  }

  private find(name: string) {
    const view = this.poller.findRealm(name);
    if (!view) throw new ApiError("NOT_FOUND", `No realm named "${name}"`);
    return view;
  }
}
