import { describe, expect, it } from "vitest";
import type { Operation } from "@em/contracts";
import { interrupted, pendingSteps } from "./step-run.js";

describe("interrupted", () => {
  it("fails a record left running: its running step failed, the pending ones skipped, done ones kept", () => {
    const steps = pendingSteps(["restart realm1", "restart realm2", "wait for a master"]);
    const running: Operation = {
      id: "op-1",
      kind: "create-cluster",
      cluster: "demo",
      status: "running",
      startedAt: "2026-11-25T10:00:00.000Z",
      finishedAt: null,
      steps: [
        { ...steps[0]!, status: "done", message: "restarted" },
        { ...steps[1]!, status: "running", startedAt: "2026-11-25T10:00:01.000Z" },
        steps[2]!,
      ],
      error: null,
    };
    const failed = interrupted(running, "check the cluster");
    expect(failed.status).toBe("failed");
    expect(failed.finishedAt).not.toBeNull();
    expect(failed.steps.map((step) => step.status)).toEqual(["done", "failed", "skipped"]);
    expect(failed.steps[0]?.message).toBe("restarted");
    expect(failed.steps[1]?.message).toBe("the admin API stopped during this step");
    expect(failed.error).toEqual({ code: "INTERNAL", message: "check the cluster" });
  });
});
