import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  ApiError,
  ApiErrorBodySchema,
  ERROR_STATUS,
  ErrorCodeSchema,
  validationError,
} from "./errors.js";

describe("ApiError", () => {
  it("maps every error code to a 4xx or 5xx status", () => {
    for (const code of ErrorCodeSchema.options) {
      const status = ERROR_STATUS[code];
      expect(status, code).toBeGreaterThanOrEqual(400);
      expect(status, code).toBeLessThan(600);
    }
  });

  it("serialises to the documented error body, details only when given", () => {
    const bare = new ApiError("NOT_FOUND", "no realm named realm9").toBody();
    expect(ApiErrorBodySchema.parse(bare)).toEqual({
      error: { code: "NOT_FOUND", message: "no realm named realm9" },
    });
    const detailed = new ApiError("PORT_IN_USE", "port 9000 is in use", {
      details: { port: 9000 },
    });
    expect(detailed.status).toBe(409);
    expect(detailed.toBody().error.details).toEqual({ port: 9000 });
  });

  it("keeps the cause for logs without putting it in the body", () => {
    const cause = new Error("ECONNREFUSED");
    const error = new ApiError("HOST_UNREACHABLE", "realmd did not answer", { cause });
    expect(error.cause).toBe(cause);
    expect(JSON.stringify(error.toBody())).not.toContain("ECONNREFUSED");
  });
});

describe("validationError", () => {
  it("names each offending field and what to fix", () => {
    const schema = z.object({ name: z.string().min(1, "name is required"), port: z.number() });
    const parsed = schema.safeParse({ name: "", port: "x" });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    const error = validationError("request body", parsed.error);
    expect(error.code).toBe("VALIDATION");
    expect(error.message).toContain("name: name is required");
    expect(error.details?.["issues"]).toEqual([
      { path: "name", message: "name is required" },
      { path: "port", message: expect.any(String) as string },
    ]);
  });
});
