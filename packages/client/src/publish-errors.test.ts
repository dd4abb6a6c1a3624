import { JetStreamApiError } from "@nats-io/jetstream";
import { ClosedConnectionError, InvalidArgumentError, TimeoutError } from "@nats-io/nats-core";
import { describe, expect, it } from "vitest";
import { classifyAttemptFailure } from "./publish-errors.js";

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
});
