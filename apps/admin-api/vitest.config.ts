import { defineConfig } from "vitest/config";

// Realm tests start real realmd and nats-server processes: modest parallelism on two cores.
export default defineConfig({
  test: {
    // In the root run, process-heavy projects run one after another, unit tests first.
    sequence: { groupOrder: 2 },
    name: "admin-api",
    include: ["src/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    maxWorkers: 1,
  },
});
