import { randomUUID } from "node:crypto";
import type { ApiError, Operation, OperationKind } from "@em/contracts";
import type { OperationStore } from "./operation-store.js";
import { StepRun, pendingSteps } from "./step-run.js";

/** One long-running cluster operation, step by step (see StepRun). */
export class OperationRun extends StepRun<Operation> {
  constructor(
    kind: OperationKind,
    cluster: string,
    stepNames: string[],
    store: OperationStore,
    publish: (operation: Operation) => void,
  ) {
    const operation: Operation = {
      id: randomUUID(),
      kind,
      cluster,
      status: "running",
      startedAt: new Date().toISOString(),
      finishedAt: null,
      steps: pendingSteps(stepNames),
      error: null,
    };
    super(operation, store, publish);
  }

  get operation(): Operation {
    return this.current;
  }

  /** Runs step `index` (see StepRun.attempt); returns whether it succeeded, never throws. */
  async step(index: number, work: () => Promise<string | null>): Promise<boolean> {
    return (await this.attempt(index, work)) === undefined;
  }

  /** Ends the operation; pending steps are skipped. */
  finish(failure?: { code: ApiError["code"]; message: string }): Operation {
    return this.end(failure, {});
  }
}
