import { defineConfig } from "vitest/config";

// Unit tests run with the other unit suites; the integration file starts real realms, so the
// project runs after the process-light ones and one file at a time.
export default defineConfig({
  test: {
    sequence: { groupOrder: 2 },
    name: "client",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    typecheck: { enabled: true, include: ["src/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
  },
});
