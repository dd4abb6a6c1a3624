import type { Operation, OperationStep } from "@em/contracts";
import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { operationKeys, operationQueryOptions, upsertOperation } from "./operations.js";

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
  it("never lets an older pushed state overwrite a newer push", () => {
    const queryClient = new QueryClient();
    const read = () => queryClient.getQueryData<Operation>(operationKeys.detail("op1"));
    upsertOperation(queryClient, operation("running", [step("done"), step("running")]));
    upsertOperation(queryClient, operation("running", [step("running"), step("pending")]));
    expect(read()?.steps.map((s) => s.status)).toEqual(["done", "running"]);
    upsertOperation(queryClient, operation("succeeded", [step("done"), step("done")]));
    upsertOperation(queryClient, operation("running", [step("done"), step("running")]));
    expect(read()?.status).toBe("succeeded");
  });

  it("keeps a push that lands while a poll is in flight, when the poll answers the older state", async () => {
    const queryClient = new QueryClient();
    let answerPoll: (operation: Operation) => void = () => undefined;
    const poll = queryClient.fetchQuery({
      ...operationQueryOptions("op1"),
      // The answer the server gave before the operation finished, arriving after the push.
      queryFn: () => new Promise<Operation>((resolve) => (answerPoll = resolve)),
    });
    upsertOperation(queryClient, operation("succeeded", [step("done"), step("done")]));
    answerPoll(operation("running", [step("done"), step("running")]));
    await poll;
    const cached = queryClient.getQueryData<Operation>(operationKeys.detail("op1"));
    expect(cached?.status).toBe("succeeded");
  });

  it("takes a poll answer that is further along than the cache", async () => {
    const queryClient = new QueryClient();
    upsertOperation(queryClient, operation("running", [step("running"), step("pending")]));
    await queryClient.fetchQuery({
      ...operationQueryOptions("op1"),
      queryFn: () => Promise.resolve(operation("running", [step("done"), step("running")])),
    });
    const cached = queryClient.getQueryData<Operation>(operationKeys.detail("op1"));
    expect(cached?.steps.map((s) => s.status)).toEqual(["done", "running"]);
  });
});
