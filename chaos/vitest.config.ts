import { defineConfig } from "vitest/config";

// The chaos suite's unit tests (the checker, the schedule, the TCP proxy); the short seeded run
// against a real cluster lives in tests/chaos.
export default defineConfig({
  test: { sequence: { groupOrder: 0 }, name: "chaos", include: ["*.test.ts"] },
});
