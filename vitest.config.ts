import { resolve } from "node:path";
import { defineConfig } from "vitest/config";

const here = (path: string) => resolve(import.meta.dirname, path);

// One run over every package, so `npm test` can total every suite.
export default defineConfig({
  test: {
    projects: [
      here("apps/realmd"),
      here("apps/admin-api"),
      here("apps/web"),
      here("packages/contracts"),
      here("packages/testkit"),
      here("packages/client"),
      here("tests"),
      here("chaos"),
    ],
  },
});
