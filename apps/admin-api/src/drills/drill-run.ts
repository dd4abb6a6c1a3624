import { randomUUID } from "node:crypto";
import type { ApiError, Drill, DrillReport, OperationStep, StartDrill } from "@em/contracts";
import type { DrillStore } from "./drill-store.js";

/**
 * One drill's record: its steps are persisted and published on every change, so the console
 * follows it live and reads it back after a reload.
 */
export class DrillRun {
  private current: Drill;

  constructor(
    input: StartDrill,
    cluster: string | null,
    stepNames: string[],
    private readonly store: DrillStore,
    private readonly publish: (drill: Drill) => void,
  ) {
    this.current = {
      id: randomUUID(),
      realm: input.realm,
      cluster,
      action: input.action,
      observeMs: input.observeMs,
      status: "running",
      startedAt: new Date().toISOString(),
      finishedAt: null,
      steps: stepNames.map((name) => ({
        name,
        status: "pending",
        startedAt: null,
        finishedAt: null,
        message: null,
      })),
      report: null,
      error: null,
    };
    this.save();
  }

  get drill(): Drill {
    return this.current;
  }

  /**
   * Runs step `index`: running, then done with the message `work` returns, or failed with the
   * error's message. Returns the error, or undefined when the step succeeded; never throws.
   */
  async step(index: number, work: () => Promise<string | null>): Promise<unknown> {
    this.update(index, { status: "running", startedAt: new Date().toISOString() });
    try {
      const message = await work();
      this.update(index, { status: "done", finishedAt: new Date().toISOString(), message });
      return undefined;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.update(index, { status: "failed", finishedAt: new Date().toISOString(), message });
      return error ?? new Error("failed");
    }
  }

  /** Marks a step skipped, saying why. */
  skip(index: number, message: string): void {
    this.update(index, { status: "skipped", message });
  }

  /** Ends the drill with its report (when one could be made); pending steps are skipped. */
  finish(report: DrillReport | null, failure?: { code: ApiError["code"]; message: string }): Drill {
    this.current = {
      ...this.current,
      status: failure ? "failed" : "succeeded",
      finishedAt: new Date().toISOString(),
      steps: this.current.steps.map((step) =>
        step.status === "pending" ? { ...step, status: "skipped" } : step,
      ),
      report,
      error: failure ?? null,
    };
    this.save();
    return this.current;
  }

  private update(index: number, change: Partial<OperationStep>): void {
    this.current = {
      ...this.current,
      steps: this.current.steps.map((step, i) => (i === index ? { ...step, ...change } : step)),
    };
    this.save();
  }

  private save(): void {
    this.store.save(this.current);
    this.publish(this.current);
  }
}
