import { readFileSync } from "node:fs";

/** The admin API's own version, from its package.json (shown by /api/health and OpenAPI). */
export const ADMIN_API_VERSION: string = (
  JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
    version: string;
  }
).version;
