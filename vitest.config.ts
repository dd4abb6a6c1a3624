import { defineConfig } from "vitest/config";

// One run over every package, so `npm test` can total every suite.
export default defineConfig({
  test: {
    projects: ["apps/realmd", "apps/admin-api", "apps/web", "packages/*", "tests"],
  },
});
