import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // In the root run, process-heavy projects run one after another, unit tests first.
    sequence: { groupOrder: 1 },
    name: "realmd",
    include: ["src/**/*.test.ts"],
    // Real nats-server and realmd processes: starts take a second or two on a busy machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
