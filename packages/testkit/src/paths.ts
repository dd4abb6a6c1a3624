import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

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

/**
 * tsx's loader, for `node --import <loader> entry.ts`: the app then runs in the process we
 * spawned, so its pid is the app's own and SIGKILL really kills it. (The tsx CLI runs the app
 * in a child process that a SIGKILL of the CLI leaves running.)
 */
export const tsxLoader = pathToFileURL(
  join(repoRoot, "node_modules", "tsx", "dist", "loader.mjs"),
).href;
