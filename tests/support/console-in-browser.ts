import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { tempDir } from "@em/testkit";
import type { Browser, Page } from "playwright-core";
import { SCREENSHOT_DIR, buildConsole, launchChromium, openConsolePage } from "./browser.js";
import { startLocalStack, type LocalStack } from "./local-stack.js";

/** The console built from source, served by a local stack, open in Chromium. */
export interface ConsoleInBrowser extends AsyncDisposable {
  readonly stack: LocalStack;
  readonly browser: Browser;
  readonly page: Page;
  /** Every console error and uncaught page error so far. */
  readonly consoleErrors: string[];
}

/**
 * Builds the console into a temporary folder, starts realms, realmd and the admin API serving
 * it, and opens a light-themed page in the system's Chromium. Undone in reverse order on
 * dispose, and at once if a later step fails, so nothing outlives the test.
 */
export async function startConsoleInBrowser(options: {
  /** Names the temporary folder. */
  name: string;
  realms: number;
  clusterPorts?: boolean;
  viewport: { width: number; height: number };
}): Promise<ConsoleInBrowser> {
  const cleanups: (() => PromiseLike<unknown>)[] = [];
  const disposeAll = async () => {
    for (const cleanup of cleanups.reverse()) {
      await Promise.resolve()
        .then(cleanup)
        .catch((error: unknown) => console.warn("cleanup failed:", error));
    }
  };
  try {
    const buildDir = await tempDir(options.name);
    cleanups.push(async () => buildDir[Symbol.asyncDispose]());
    const webDist = join(buildDir.path, "web-dist");
    await Promise.all([mkdir(SCREENSHOT_DIR, { recursive: true }), buildConsole(webDist)]);

    const stack = await startLocalStack({
      realms: options.realms,
      webDist,
      ...(options.clusterPorts ? { clusterPorts: true } : {}),
    });
    cleanups.push(async () => stack[Symbol.asyncDispose]());

    const browser = await launchChromium();
    cleanups.push(() => browser.close());
    const { page, consoleErrors } = await openConsolePage(browser, options.viewport);
    return { stack, browser, page, consoleErrors, [Symbol.asyncDispose]: disposeAll };
  } catch (error) {
    await disposeAll();
    throw error;
  }
}
