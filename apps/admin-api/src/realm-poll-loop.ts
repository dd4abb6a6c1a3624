import { ApiError, type HostedRealm, type RealmMonitor } from "@em/contracts";
import type { HostObservation } from "./host-store.js";
import { nextPollDelay, type PollSettings } from "./poll-settings.js";
import type { RealmdClient } from "./realmd-client.js";
import {
  summarizeMonitor,
  summarizeUnknown,
  type RealmHostRef,
  type RealmView,
} from "./realm-summary.js";

/** What a realm's loop needs of its host's loop. */
export interface RealmLoopHost {
  readonly ref: RealmHostRef;
  readonly client: RealmdClient;
  readonly observation: HostObservation;
  readonly stopped: boolean;
}

/**
 * One realm's poll loop: a monitoring sample per interval, turned into the realm's latest
 * {@link RealmView}. The next poll starts only after the previous one finished, so a frozen
 * realm costs one outstanding request and polls never pile up.
 */
export class RealmPollLoop {
  private currentView: RealmView | undefined;
  private started = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> | null = null;

  constructor(
    private readonly host: RealmLoopHost,
    /** Updated by the host's loop each time realmd lists the realm. */
    public definition: HostedRealm,
    view: RealmView | undefined,
    private readonly settings: PollSettings,
  ) {
    this.currentView = view;
  }

  /** The latest view; undefined until a realm found by a host poll has been polled once. */
  get view(): RealmView | undefined {
    return this.currentView;
  }

  /** The poll under way, if any. */
  get inFlight(): Promise<void> | null {
    return this.current;
  }

  /** Starts the loop unless it already runs. */
  start(): void {
    if (!this.started) void this.run();
  }

  /**
   * Polls now, then again every interval. `force` polls even while the host is marked
   * unreachable.
   */
  run(force = false): Promise<void> {
    if (this.stopped || this.host.stopped) return Promise.resolve();
    this.started = true;
    clearTimeout(this.timer);
    const startedAt = Date.now();
    return (this.current = this.poll(force)
      .catch((error: unknown) =>
        this.settings.logger.error(
          { err: error, realm: this.definition.name },
          "realm poll failed",
        ),
      )
      .finally(() => {
        this.current = null;
        if (!this.stopped && !this.host.stopped) {
          this.timer = setTimeout(
            () => void this.run(),
            nextPollDelay(this.settings.pollIntervalMs, startedAt),
          );
        }
      }));
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** Shows the realm as unknown, keeping its last metrics, and publishes the change if any. */
  showUnknown(problem: string): void {
    this.setView(summarizeUnknown(this.host.ref, this.definition, this.currentView, problem));
  }

  private async poll(force: boolean): Promise<void> {
    // While the host is unreachable its loop has marked every realm unknown and keeps probing.
    if (this.host.observation.status === "unreachable" && !force) return;
    const { realmTimeoutMs } = this.settings;
    const name = this.definition.name;
    let monitor: RealmMonitor;
    try {
      monitor = await this.host.client.monitor(name, this.settings.realmdWaitMs, realmTimeoutMs);
    } catch (error) {
      if (this.stopped) return;
      if (error instanceof ApiError && error.code === "HOST_TIMEOUT") {
        // realmd answers its other calls, so the realm is what holds this one up.
        monitor = {
          process: this.definition.process,
          sample: null,
          problem: { kind: "timeout", message: `no answer within ${realmTimeoutMs} ms` },
        };
      } else {
        // Same wording as the host loop uses, whichever loop notices the host is gone first.
        const problem = !(error instanceof ApiError)
          ? "unexpected error while polling the realm"
          : error.code === "HOST_UNREACHABLE"
            ? `host unreachable: ${error.message}`
            : error.message;
        if (!(error instanceof ApiError))
          this.settings.logger.error({ err: error, realm: name }, "realm poll failed");
        this.showUnknown(problem);
        return;
      }
    }
    if (this.stopped) return;
    this.setView(
      summarizeMonitor(this.host.ref, this.definition, monitor, this.currentView, new Date()),
    );
  }

  private setView(view: RealmView): void {
    const previous = this.currentView?.summary;
    this.currentView = view;
    const next = view.summary;
    if (previous && previous.status === next.status && previous.processState === next.processState)
      return;
    this.settings.logger.info(
      {
        host: this.host.ref.name,
        realm: next.name,
        from: previous?.status ?? null,
        to: next.status,
        problem: next.problem,
      },
      "realm state changed",
    );
    this.settings.onStateChange({
      name: next.name,
      status: next.status,
      previous: previous?.status ?? null,
      at: new Date().toISOString(),
      realm: next,
    });
  }
}
