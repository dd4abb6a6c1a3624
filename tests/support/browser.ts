import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { repoRoot } from "@em/testkit";
import { chromium, type Browser, type Page } from "playwright-core";

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

/** A new light-themed page that records every console error and uncaught page error. */
export async function openConsolePage(
  browser: Browser,
  viewport: { width: number; height: number },
): Promise<{ page: Page; consoleErrors: string[] }> {
  const context = await browser.newContext({ viewport, colorScheme: "light" });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(error.message));
  return { page, consoleErrors };
}

/**
 * Fills the console's login form and submits it. Waits for nothing after: a test may expect the
 * console, or the refusal of a wrong password, so what to wait for stays in the test.
 */
export async function submitLogin(page: Page, username: string, password: string): Promise<void> {
  await page.getByTestId("login-username").fill(username);
  await page.getByTestId("login-password").fill(password);
  await page.getByTestId("login-submit").click();
}
