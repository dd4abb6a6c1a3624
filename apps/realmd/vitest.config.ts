import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "realmd",
    include: ["src/**/*.test.ts"],
    // Real nats-server and realmd processes: starts take a second or two on a busy machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
