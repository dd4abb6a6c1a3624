import { randomUUID } from "node:crypto";
import type { ApiError, Drill, DrillReport, StartDrill } from "@em/contracts";
import { StepRun, pendingSteps } from "../step-run.js";
import type { DrillStore } from "./drill-store.js";

/** One drill, step by step (see StepRun); published from its start, so watchers see it begin. */
export class DrillRun extends StepRun<Drill> {
  constructor(
    input: StartDrill,
    cluster: string | null,
    stepNames: string[],
    store: DrillStore,
    publish: (drill: Drill) => void,
  ) {
    const drill: Drill = {
      id: randomUUID(),
      realm: input.realm,
      cluster,
      action: input.action,
      observeMs: input.observeMs,
      status: "running",
      startedAt: new Date().toISOString(),
      finishedAt: null,
      steps: pendingSteps(stepNames),
      report: null,
      error: null,
    };
    super(drill, store, publish);
    this.save();
  }

  get drill(): Drill {
    return this.current;
  }

  /** Runs step `index` (see StepRun.attempt): the error, or undefined when it succeeded. */
  step(index: number, work: () => Promise<string | null>): Promise<unknown> {
    return this.attempt(index, work);
  }

  /** Ends the drill with its report (when one could be made); pending steps are skipped. */
  finish(report: DrillReport | null, failure?: { code: ApiError["code"]; message: string }): Drill {
    return this.end(failure, { report });
  }
}
