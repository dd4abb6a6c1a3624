import type { Operation, OperationStep } from "@em/contracts";
import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { operationKeys, upsertOperation } from "./operations.js";

const step = (status: OperationStep["status"]): OperationStep => ({
  name: "restart realm1",
  status,
  startedAt: status === "pending" ? null : "2025-01-01T00:00:00.000Z",
  finishedAt: status === "done" ? "2025-01-01T00:00:01.000Z" : null,
  message: null,
});

function operation(status: Operation["status"], steps: OperationStep[]): Operation {
  return {
    id: "op1",
    kind: "create-cluster",
    cluster: "demo",
    status,
    startedAt: "2025-01-01T00:00:00.000Z",
    finishedAt: status === "running" ? null : "2025-01-01T00:00:02.000Z",
    steps,
    error: null,
  };
}

describe("operation cache", () => {
  it("never lets an older state (a late poll answer) overwrite a newer push", () => {
    const queryClient = new QueryClient();
    const read = () => queryClient.getQueryData<Operation>(operationKeys.detail("op1"));
    upsertOperation(queryClient, operation("running", [step("done"), step("running")]));
    upsertOperation(queryClient, operation("running", [step("running"), step("pending")]));
    expect(read()?.steps.map((s) => s.status)).toEqual(["done", "running"]);
    upsertOperation(queryClient, operation("succeeded", [step("done"), step("done")]));
    upsertOperation(queryClient, operation("running", [step("done"), step("running")]));
    expect(read()?.status).toBe("succeeded");
  });
});
