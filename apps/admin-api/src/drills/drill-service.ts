import { ApiError, type Drill, type DrillReport, type StartDrill } from "@em/contracts";
import type { ClusterService } from "../cluster-service.js";
import type { Database } from "../database.js";
import type { DemoTraffic } from "../demo/demo-traffic.js";
import type { DemoWindow } from "../demo/demo-window.js";
import type { HostStore } from "../host-store.js";
import type { Logger } from "../logger.js";
import type { RealmPoller } from "../realm-poller.js";
import type { SessionService } from "../sessions/session-service.js";
import { buildDrillReport } from "./drill-report.js";
import { DrillRun } from "./drill-run.js";
import { DrillStore } from "./drill-store.js";
import { drillTarget, type DrillTarget } from "./drill-target.js";
import { assertHandoverPossible, moveMasterOff } from "./graceful-handover.js";
import { clusterLeaders, leadersSettled } from "./cluster-leaders.js";
import { describeLeaders, type LeaderView } from "./leader-view.js";
import { QuorumWatch } from "./quorum-watch.js";
import { applyFault, bringBack, faultStepName, sleep, waitBack } from "./realm-faults.js";
import { withRealm } from "./realm-nats.js";

/** @default 30000 — once the realm is back, how long the demo sessions may take to catch up. */
const FLOWING_TIMEOUT_MS = 30_000;
/** @default 30000 — at shutdown, how long a running drill gets to bring its realm back. */
const CLOSE_WAIT_MS = 30_000;

export interface DrillServiceOptions {
  db: Database;
  poller: RealmPoller;
  hosts: HostStore;
  clusters: ClusterService;
  /** Where the SDK's failover reports are read from. */
  sessions: Pick<SessionService, "failoversBetween">;
  demo: Pick<DemoTraffic, "window">;
  logger: Logger;
  /** Every change of a drill, for the live feed. */
  onProgress: (drill: Drill) => void;
  /** The one bounded wait allowed on a cold start, before any host was polled. */
  coldStartWaitMs: number;
}

/** The step indexes of one drill; graceful drills have two more at the start. */
function stepPlan(input: StartDrill) {
  const { realm, action } = input;
  const names = [`record who leads what before`];
  const graceful = action === "graceful";
  if (graceful)
    names.push(
      `check a follower is ready for each store ${realm} leads`,
      `move the master off ${realm}`,
    );
  const fault = names.push(faultStepName(action, realm)) - 1;
  const watch = names.push(`watch the sessions for ${input.observeMs / 1000} s`) - 1;
  const back = names.push(`bring ${realm} back`) - 1;
  const online = names.push(`wait until ${realm} is online again`) - 1;
  const report = names.push("report") - 1;
  return { names, graceful, fault, watch, back, online, report };
}

/**
 * Failover drills (issue 6): fail a realm on purpose through its realmd, watch the sessions
 * move, bring the realm back — always, even when a step failed — and report what it cost.
 * One drill at a time.
 */
export class DrillService {
  private readonly store: DrillStore;
  private running: { run: DrillRun; done: Promise<void> } | undefined;
  private readonly closing = new AbortController();

  constructor(private readonly options: DrillServiceOptions) {
    this.store = new DrillStore(options.db);
    const interrupted = this.store.failInterrupted();
    if (interrupted > 0)
      options.logger.warn(
        { count: interrupted },
        "drills interrupted by the last shutdown marked failed",
      );
  }

  list(): Drill[] {
    return this.store.list();
  }

  get(id: string): Drill {
    const drill = this.store.get(id);
    if (!drill) throw new ApiError("NOT_FOUND", `No drill with id "${id}"`);
    return drill;
  }

  async start(input: StartDrill): Promise<Drill> {
    if (this.closing.signal.aborted)
      throw new ApiError("INVALID_STATE", "The admin API is shutting down: no new drills");
    await this.options.poller.warmUp(this.options.coldStartWaitMs);
    this.refuseWhileRunning();
    const target = drillTarget(input.realm, this.options);
    this.refuseWhileRunning();
    const plan = stepPlan(input);
    const run = new DrillRun(
      input,
      target.cluster,
      plan.names,
      this.store,
      this.options.onProgress,
    );
    const done = this.execute(run, target, input, plan)
      .catch((error: unknown) => {
        this.options.logger.error({ err: error, drill: run.drill.id }, "drill crashed");
        run.finish(null, {
          code: "INTERNAL",
          message: "The drill stopped unexpectedly: check the realm",
        });
      })
      .finally(() => {
        if (this.running?.run === run) this.running = undefined;
      });
    this.running = { run, done };
    return run.drill;
  }

  /** Ends observation early and lets a running drill bring its realm back (bounded). */
  async close(): Promise<void> {
    this.closing.abort();
    const running = this.running;
    if (!running) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      running.done,
      new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_WAIT_MS))),
    ]);
    clearTimeout(timer);
  }

  private refuseWhileRunning(): void {
    const current = this.running?.run.drill;
    if (current)
      throw new ApiError(
        "CONFLICT",
        `Drill ${current.id} (${current.action} of realm "${current.realm}") is still running: wait for its report`,
      );
  }

  private async execute(
    run: DrillRun,
    target: DrillTarget,
    input: StartDrill,
    plan: ReturnType<typeof stepPlan>,
  ): Promise<void> {
    const { realm } = target;
    const signal = this.closing.signal;
    const windowFrom = new Date();
    let before: LeaderView | null = null;
    let failure = await run.step(0, async () => {
      before = await clusterLeaders(target, this.options);
      return before ? describeLeaders(before) : "standalone realm: no master, no replicas";
    });
    // Opened before any move, so a graceful drill's step-downs count in its stalls too.
    const demoWindow = this.options.demo.window();
    const quorumWatch = target.cluster
      ? new QuorumWatch(() => this.options.clusters.states().find((c) => c.name === target.cluster))
      : null;

    if (!failure && plan.graceful) {
      const stores = (before as LeaderView | null)?.stores ?? new Map();
      failure = await run.step(1, () => {
        const ready = assertHandoverPossible(realm, stores);
        return Promise.resolve(
          ready.length > 0
            ? `the engine hands these over as ${realm} stops: ${ready.join(", ")}`
            : `${realm} leads no replicated store`,
        );
      });
      if (!failure)
        failure = await run.step(2, async () => {
          if (!target.cluster) return "standalone realm: no master to move";
          const to = await withRealm(this.options, realm, "system", (nc) =>
            moveMasterOff(nc, realm),
          );
          return to ? `master → ${to}` : `${realm} was not the master`;
        });
    }
    if (!failure)
      failure = await run.step(plan.fault, () =>
        applyFault(target, input.action, this.options.poller),
      );
    if (!failure)
      failure = await run.step(plan.watch, async () => {
        await sleep(input.observeMs, signal);
        return signal.aborted ? "cut short: the admin API is shutting down" : null;
      });

    // Whatever happened above, the realm comes back.
    const backFailure = await run.step(plan.back, () => bringBack(target, this.options.poller));
    failure ??= backFailure;
    const onlineFailure = backFailure
      ? (run.skip(plan.online, "the realm could not be brought back"), backFailure)
      : await run.step(plan.online, async () => {
          const back = await waitBack(target, this.options, signal);
          return demoWindow ? `${back}; ${await this.waitFlowing(demoWindow)}` : back;
        });
    failure ??= onlineFailure;

    const quorum = quorumWatch?.stop() ?? null;
    const demo = demoWindow?.close() ?? null;
    if (demo)
      this.options.logger.info(
        { drill: run.drill.id, stalls: demo.stalls, lost: demo.lost, duplicated: demo.duplicated },
        "demo sessions through the drill",
      );
    const windowTo = new Date();
    let report: DrillReport | null = null;
    const reportFailure = await run.step(plan.report, async () => {
      const after =
        before && !onlineFailure
          ? await leadersSettled(target, before, this.options, signal)
          : null;
      report = buildDrillReport({
        failovers: this.options.sessions.failoversBetween(windowFrom, windowTo),
        demo,
        before,
        after,
        quorumHeld: quorum ? quorum.held : null,
      });
      const masterless = quorum?.longestMasterlessMs
        ? `; no master for ${quorum.longestMasterlessMs} ms at most`
        : "";
      return `${report.sessions.length} failovers, stall p50 ${report.stallP50Ms ?? "–"} ms, max ${report.stallMaxMs ?? "–"} ms, ${report.lost} lost, ${report.duplicated} duplicated${masterless}`;
    });
    failure ??= reportFailure;
    run.finish(report, failure ? this.failureOf(run, failure) : undefined);
  }

  private failureOf(run: DrillRun, error: unknown): { code: ApiError["code"]; message: string } {
    const failed = run.drill.steps.find((step) => step.status === "failed");
    const back = run.drill.steps.find((step) => step.name.startsWith("wait until"));
    const realmBack =
      back?.status === "done"
        ? `${run.drill.realm} is back`
        : `${run.drill.realm} may still be down: check it`;
    const message = `${failed ? `"${failed.name}" failed: ${failed.message ?? "no reason"}` : "the drill failed"}; ${realmBack}`;
    return { code: error instanceof ApiError ? error.code : "INTERNAL", message };
  }

  /** Waits (bounded) until the demo sessions keep up again, so the window holds their stall. */
  private async waitFlowing(window: DemoWindow): Promise<string> {
    const started = Date.now();
    while (Date.now() - started < FLOWING_TIMEOUT_MS && !this.closing.signal.aborted) {
      if (window.flowing()) return `demo sessions flowing again after ${Date.now() - started} ms`;
      await sleep(50, this.closing.signal);
    }
    return `demo sessions still behind after ${Date.now() - started} ms`;
  }
}
