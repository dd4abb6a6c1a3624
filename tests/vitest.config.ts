import { defineConfig } from "vitest/config";

// Integration and browser tests start real processes: one file at a time on two cores.
export default defineConfig({
  test: {
    // In the root run, process-heavy projects run one after another, unit tests first.
    sequence: { groupOrder: 3 },
    name: "tests",
    include: ["**/*.test.ts"],
    exclude: ["**/node_modules/**"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
