import type { ErrorCode, OperationStep } from "@em/contracts";

/** What a record run step by step has: cluster operations and drills alike. */
export interface SteppedRecord {
  status: "running" | "succeeded" | "failed";
  finishedAt: string | null;
  steps: OperationStep[];
  error: { code: ErrorCode; message: string } | null;
}

/** Named steps, none started yet. */
export function pendingSteps(names: readonly string[]): OperationStep[] {
  return names.map((name) => ({
    name,
    status: "pending",
    startedAt: null,
    finishedAt: null,
    message: null,
  }));
}

/**
 * A record left running by an earlier process, which cannot finish it: failed, its running step
 * failed and the rest skipped, with `message` telling the operator what to check.
 */
export function interrupted<R extends SteppedRecord>(record: R, message: string): R {
  const now = new Date().toISOString();
  return {
    ...record,
    status: "failed",
    finishedAt: now,
    steps: record.steps.map((step) =>
      step.status === "running" || step.status === "pending"
        ? {
            ...step,
            status: step.status === "running" ? "failed" : "skipped",
            finishedAt: now,
            message: step.message ?? "the admin API stopped during this step",
          }
        : step,
    ),
    error: { code: "INTERNAL", message },
  };
}

/**
 * A record whose steps are persisted and published on every change, so the console follows it
 * live and reads it back after a reload. Saved, not published, when it is created.
 */
export abstract class StepRun<R extends SteppedRecord> {
  protected current: R;

  constructor(
    initial: R,
    private readonly store: { save(record: R): void },
    private readonly publish: (record: R) => void,
  ) {
    this.current = initial;
    store.save(initial);
  }

  /**
   * Runs step `index`: running, then done with the message `work` returns, or failed with the
   * error's message. Returns the error, or undefined when the step succeeded; never throws.
   */
  protected async attempt(index: number, work: () => Promise<string | null>): Promise<unknown> {
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

  /** Ends the run with `extra` fields; pending steps are skipped. */
  protected end(failure: { code: ErrorCode; message: string } | undefined, extra: Partial<R>): R {
    this.current = {
      ...this.current,
      ...extra,
      status: failure ? "failed" : "succeeded",
      finishedAt: new Date().toISOString(),
      steps: this.current.steps.map((step) =>
        step.status === "pending" ? { ...step, status: "skipped" } : step,
      ),
      error: failure ?? null,
    };
    this.save();
    return this.current;
  }

  protected save(): void {
    this.store.save(this.current);
    this.publish(this.current);
  }

  private update(index: number, change: Partial<OperationStep>): void {
    this.current = {
      ...this.current,
      steps: this.current.steps.map((step, i) => (i === index ? { ...step, ...change } : step)),
    };
    this.save();
  }
}
