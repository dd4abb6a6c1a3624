import { JetStreamApiError } from "@nats-io/jetstream";
import {
  ClosedConnectionError,
  InvalidArgumentError,
  PermissionViolationError,
  RequestError,
  TimeoutError,
} from "@nats-io/nats-core";
import { describe, expect, it } from "vitest";
import { PermissionDeniedError, StoreNotFoundError } from "./errors.js";
import { classifyAttemptFailure } from "./publish-errors.js";
import { asPermissionDenied } from "./store-exists.js";

describe("classifyAttemptFailure", () => {
  it("publish - a closed connection waits for the next realm, a timeout retries at once", () => {
    expect(classifyAttemptFailure(new ClosedConnectionError())).toBe("connection");
    expect(classifyAttemptFailure(new TimeoutError())).toBe("timeout");
  });

  it("publish - an engine 503 is retried, a 4xx and an oversized event are refused", () => {
    const engine = (status: number) =>
      new JetStreamApiError({ code: status, err_code: 10_000 + status, description: "x" });
    expect(classifyAttemptFailure(engine(503))).toBe("unavailable");
    expect(classifyAttemptFailure(engine(400))).toBe("rejected");
    expect(
      classifyAttemptFailure(InvalidArgumentError.format("payload", "max_payload size exceeded")),
    ).toBe("rejected");
  });

  it("publish - a permissions violation is refused for good, also wrapped in a RequestError", () => {
    const violation = new PermissionViolationError(
      'Permissions Violation for Publish to "um.~orders"',
      "publish",
      "um.~orders",
    );
    expect(classifyAttemptFailure(violation)).toBe("rejected");
    expect(classifyAttemptFailure(new RequestError("refused", { cause: violation }))).toBe(
      "rejected",
    );
    const denied = asPermissionDenied(
      new RequestError("refused", { cause: violation }),
      "/orders",
      "publish",
    );
    expect(denied).toBeInstanceOf(PermissionDeniedError);
    expect(denied).toBeInstanceOf(StoreNotFoundError);
    expect(denied?.message).toBe(
      "this session's application credential may not publish to '/orders'",
    );
    expect(asPermissionDenied(new TimeoutError(), "/orders", "publish")).toBeUndefined();
  });
});
