import { randomUUID } from "node:crypto";
import type { ApiError } from "@em/contracts";
import { type Operation, type OperationKind, type OperationStep } from "@em/contracts";
import type { OperationStore } from "./operation-store.js";

/**
 * One long-running operation: its steps are persisted and published on every change, so the
 * console can follow it live and read it back after a reload.
 */
export class OperationRun {
  private current: Operation;

  constructor(
    kind: OperationKind,
    cluster: string,
    stepNames: string[],
    private readonly store: OperationStore,
    private readonly publish: (operation: Operation) => void,
  ) {
    this.current = {
      id: randomUUID(),
      kind,
      cluster,
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
      error: null,
    };
    this.store.save(this.current);
  }

  get operation(): Operation {
    return this.current;
  }

  /**
   * Runs step `index`: marks it running, then done with the message `work` returns, or failed
   * with the error's message. Returns whether it succeeded; never throws.
   */
  async step(index: number, work: () => Promise<string | null>): Promise<boolean> {
    this.update(index, { status: "running", startedAt: new Date().toISOString() });
    try {
      const message = await work();
      this.update(index, { status: "done", finishedAt: new Date().toISOString(), message });
      return true;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.update(index, { status: "failed", finishedAt: new Date().toISOString(), message });
      return false;
    }
  }

  /** Ends the operation; pending steps are skipped. */
  finish(failure?: { code: ApiError["code"]; message: string }): Operation {
    const now = new Date().toISOString();
    this.current = {
      ...this.current,
      status: failure ? "failed" : "succeeded",
      finishedAt: now,
      steps: this.current.steps.map((step) =>
        step.status === "pending" ? { ...step, status: "skipped" } : step,
      ),
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
