import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { repoRoot } from "@em/testkit";
import { chromium, type Browser } from "playwright-core";

const run = promisify(execFile);

/** The system's Chromium (Debian's package), never a downloaded browser. */
export const CHROMIUM_PATH = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";

/** Headless as root, with nothing phoning home: this machine's network refuses it. */
export const CHROMIUM_ARGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Screenshots for debugging land here (git-ignored). */
export const SCREENSHOT_DIR = join(repoRoot, "test-results", "e2e");

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** Builds the console from source into `outDir`, so a browser test never runs a stale build. */
export async function buildConsole(outDir: string): Promise<void> {
  await run(
    process.execPath,
    [
      join(repoRoot, "node_modules", "vite", "bin", "vite.js"),
      "build",
      "--outDir",
      outDir,
      "--emptyOutDir",
      "--logLevel",
      "warn",
    ],
    { cwd: join(repoRoot, "apps", "web"), maxBuffer: 16 * 1024 * 1024 },
  );
}
