import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

/** The monorepo's root folder. */
export const repoRoot = resolve(import.meta.dirname, "..", "..", "..");

/** The nats-server the tests use: NATS_SERVER_BIN, else the copy `npm run setup` installed. */
export function natsServerBin(): string {
  const override = process.env["NATS_SERVER_BIN"];
  if (override) return override;
  const bundled = join(repoRoot, ".tools", "nats-server", "usr", "sbin", "nats-server");
  if (existsSync(bundled)) return bundled;
  throw new Error("nats-server not found: run `npm run setup` or set NATS_SERVER_BIN");
}

/** tsx's CLI, to run an app's TypeScript entry point as a real process. */
export const tsxCli = join(repoRoot, "node_modules", "tsx", "dist", "cli.mjs");
