import { randomUUID } from "node:crypto";
import { createSession, type Session } from "@em/client";
import {
  ApiError,
  type DemoSession,
  type DemoTraffic as DemoTrafficStatus,
  type StartDemoTraffic,
} from "@em/contracts";
import type { ClusterService } from "../cluster-service.js";
import type { HostStore } from "../host-store.js";
import type { Logger } from "../logger.js";
import type { RealmPoller } from "../realm-poller.js";
import type { StoreService } from "../stores/store-service.js";
import { demoMembers, rotatedRnames, type DemoMembers } from "./demo-members.js";
import { DemoPublisher } from "./demo-publisher.js";
import { DemoSubscriber } from "./demo-subscriber.js";
import { openDemoWindow, type DemoWindow } from "./demo-window.js";

/**
 * @default 50 — one publish attempt of a demo publisher. A publish in flight when a leader
 * steps down is answered by nobody and waits for this timeout before it is sent again
 * (DESIGN.md): short, so a planned failover costs the demo sessions well under a second.
 */
const DEMO_PUBLISH_ATTEMPT_TIMEOUT_MS = 50;

/**
 * @default 110000 — a demo event is retried this long: any election is over long before, and
 * it stays within the engine's 2-minute dedupe window, so a late retry is still stored once.
 */
const DEMO_PUBLISH_TIMEOUT_MS = 110_000;

/** @default 5000 — stopping one demo session; one that hangs is left behind, not waited for. */
const STOP_SESSION_TIMEOUT_MS = 5_000;

export interface DemoTrafficOptions {
  clusters: ClusterService;
  stores: StoreService;
  poller: RealmPoller;
  hosts: HostStore;
  logger: Logger;
}

interface DemoRun {
  cluster: string;
  channel: string;
  startedAt: string;
  publishers: DemoPublisher[];
  subscribers: DemoSubscriber[];
}

/**
 * Built-in demo traffic (issue 6): SDK publisher and subscriber sessions run by the admin API on
 * a cluster channel, spread over the members so a killed realm moves some of them, each
 * subscriber checking every event for gaps and duplicates.
 */
export class DemoTraffic {
  private run: DemoRun | undefined;
  /** Set while a start or stop is under way, so two cannot overlap. */
  private busy: Promise<unknown> | undefined;

  constructor(private readonly options: DemoTrafficOptions) {}

  status(): DemoTrafficStatus {
    const run = this.run;
    if (!run)
      return { running: false, cluster: null, channel: null, startedAt: null, sessions: [] };
    const sessions: DemoSession[] = [
      ...run.publishers.map((p) => ({
        name: p.name,
        role: p.role,
        realm: p.session.realm ?? null,
        events: p.events,
        lost: 0,
        duplicated: 0,
        failovers: p.failovers.length,
      })),
      ...run.subscribers.map((s) => ({
        name: s.name,
        role: s.role,
        realm: s.session.realm ?? null,
        events: s.events,
        lost: s.check.lost,
        duplicated: s.check.duplicated,
        failovers: s.failovers.length,
      })),
    ];
    return {
      running: true,
      cluster: run.cluster,
      channel: run.channel,
      startedAt: run.startedAt,
      sessions,
    };
  }

  async start(input: StartDemoTraffic): Promise<DemoTrafficStatus> {
    if (this.busy || this.run)
      throw new ApiError(
        "CONFLICT",
        this.run
          ? `Demo traffic already runs on ${this.run.channel} of cluster "${this.run.cluster}": stop it first`
          : "Demo traffic is starting or stopping: try again in a moment",
      );
    const starting = this.startRun(input);
    this.busy = starting;
    try {
      this.run = await starting;
    } finally {
      this.busy = undefined;
    }
    this.options.logger.info(
      { cluster: input.cluster, channel: input.channel },
      "demo traffic started",
    );
    return this.status();
  }

  async stop(): Promise<DemoTrafficStatus> {
    while (this.busy) await this.busy.catch(() => undefined);
    const run = this.run;
    if (!run) return this.status();
    const final = this.status();
    this.run = undefined;
    const stopping = stopAll(run);
    this.busy = stopping;
    try {
      await stopping;
    } finally {
      this.busy = undefined;
    }
    this.options.logger.info(
      { cluster: run.cluster, channel: run.channel },
      "demo traffic stopped",
    );
    return { ...final, running: false };
  }

  /** Starts watching the demo sessions for a drill; null when no demo traffic runs. */
  window(): DemoWindow | null {
    return this.run ? openDemoWindow(this.run.publishers, this.run.subscribers) : null;
  }

  async close(): Promise<void> {
    await this.stop();
  }

  private async startRun(input: StartDemoTraffic): Promise<DemoRun> {
    const members = await demoMembers(input.cluster, this.options);
    // Names the channel in its 404 ("No channel "/x" in cluster "demo"").
    await this.options.stores.locate({
      owner: "cluster",
      ownerName: input.cluster,
      kind: "channel",
      name: input.channel,
    });
    const run: DemoRun = {
      cluster: input.cluster,
      channel: input.channel,
      startedAt: new Date().toISOString(),
      publishers: [],
      subscribers: [],
    };
    const runId = randomUUID().slice(0, 8);
    const intervalMs = 1000 / input.ratePerSecond;
    try {
      // Subscribers first, so they are in place when the first events are published.
      for (let i = 1; i <= input.subscribers; i++) {
        const session = await this.session(`demo-sub-${i}`, members, input.publishers + i - 1);
        run.subscribers.push(await DemoSubscriber.start(session, input.channel, runId));
      }
      for (let i = 1; i <= input.publishers; i++) {
        const session = await this.session(`demo-pub-${i}`, members, i - 1);
        run.publishers.push(
          new DemoPublisher(session, input.channel, runId, intervalMs, this.options.logger),
        );
      }
    } catch (error) {
      await stopAll(run);
      throw error;
    }
    return run;
  }

  private session(name: string, members: DemoMembers, index: number): Promise<Session> {
    return createSession({
      name,
      rnames: rotatedRnames(members.rnames, index),
      credentials: members.credentials,
      publishAttemptTimeoutMs: DEMO_PUBLISH_ATTEMPT_TIMEOUT_MS,
      publishTimeoutMs: DEMO_PUBLISH_TIMEOUT_MS,
      // Failover reports are what the sessions view and drill reports are built from.
      reports: true,
    });
  }
}

async function stopAll(run: DemoRun): Promise<void> {
  const bounded = (stop: Promise<void>) =>
    Promise.race([
      stop,
      new Promise<void>((resolve) => setTimeout(resolve, STOP_SESSION_TIMEOUT_MS).unref()),
    ]);
  // Publishers first, so subscribers do not count the events of a stopping publisher as lost.
  await Promise.allSettled(run.publishers.map((p) => bounded(p.stop())));
  await Promise.allSettled(run.subscribers.map((s) => bounded(s.stop())));
}
