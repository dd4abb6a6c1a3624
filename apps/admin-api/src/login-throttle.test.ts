import { describe, expect, it } from "vitest";
import { ApiError } from "@em/contracts";
import {
  FAILURE_WINDOW_MS,
  LoginThrottle,
  MAX_FAILURES_PER_ACCOUNT,
  MAX_FAILURES_PER_CLIENT,
  MAX_FAILURES_PER_USER,
} from "./login-throttle.js";

function rateLimited(call: () => void): ApiError | undefined {
  try {
    call();
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }
}

describe("login throttle", () => {
  it("locks a client out of one username after too many failures, until the window ends", () => {
    let now = 0;
    const throttle = new LoginThrottle(() => now);
    for (let i = 0; i < MAX_FAILURES_PER_USER; i++) {
      throttle.check("10.0.0.1", "admin");
      throttle.recordFailure("10.0.0.1", "admin");
    }
    const error = rateLimited(() => throttle.check("10.0.0.1", "Admin"));
    expect(error?.code).toBe("RATE_LIMITED");
    expect(error?.details).toEqual({ retryAfterSeconds: FAILURE_WINDOW_MS / 1000 });
    // Other clients and other usernames are not affected.
    expect(rateLimited(() => throttle.check("10.0.0.2", "admin"))).toBeUndefined();
    expect(rateLimited(() => throttle.check("10.0.0.1", "operator"))).toBeUndefined();
    now += FAILURE_WINDOW_MS;
    expect(rateLimited(() => throttle.check("10.0.0.1", "admin"))).toBeUndefined();
  });

  it("locks out a client spraying many usernames", () => {
    const throttle = new LoginThrottle(() => 0);
    for (let i = 0; i < MAX_FAILURES_PER_CLIENT; i++)
      throttle.recordFailure("10.0.0.9", `user${i}`);
    expect(rateLimited(() => throttle.check("10.0.0.9", "someone-new"))?.code).toBe("RATE_LIMITED");
  });

  it("slows guessing one account from many addresses, whichever address comes next", () => {
    const throttle = new LoginThrottle(() => 0);
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++)
      throttle.recordFailure(`10.1.0.${i}`, "admin");
    expect(rateLimited(() => throttle.check("10.2.0.1", "ADMIN"))?.code).toBe("RATE_LIMITED");
    // Only that account: the same new address may still try another.
    expect(rateLimited(() => throttle.check("10.2.0.1", "operator"))).toBeUndefined();
  });

  it("forgets a user's failures after a successful login", () => {
    const throttle = new LoginThrottle(() => 0);
    for (let i = 0; i < MAX_FAILURES_PER_USER - 1; i++) throttle.recordFailure("10.0.0.1", "admin");
    throttle.recordSuccess("10.0.0.1", "admin");
    throttle.recordFailure("10.0.0.1", "admin");
    expect(rateLimited(() => throttle.check("10.0.0.1", "admin"))).toBeUndefined();
  });
});
