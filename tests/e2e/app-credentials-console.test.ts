// The Applications page in Chromium: an admin creates an application credential limited to
// /sales, sees its password once (and the realm accepts it), edits its rights, rotates it (the
// old password is refused) and deletes it.
import { join } from "node:path";
import { connect } from "@nats-io/transport-node";
import { TEST_ADMIN_PASSWORD } from "@em/testkit";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCREENSHOT_DIR, submitLogin } from "../support/browser.js";
import { type ConsoleInBrowser, startConsoleInBrowser } from "../support/console-in-browser.js";
import type { LocalStack } from "../support/local-stack.js";

const NAME = "sales-app";

describe("application credentials in the console", () => {
  let running: ConsoleInBrowser | undefined;
  let stack: LocalStack;
  let page: Page;
  let consoleErrors: string[];

  /** Connects to realm1 as the credential: resolves when accepted, rejects when refused. */
  async function connectAs(pass: string): Promise<void> {
    const { ports } = await stack.host.hostedRealm("realm1");
    const nc = await connect({
      servers: `127.0.0.1:${ports.nsp}`,
      user: NAME,
      pass,
      reconnect: false,
      timeout: 5_000,
    });
    await nc.close();
  }

  async function shownPassword(): Promise<string> {
    await page.getByTestId("app-credential-password").waitFor({ timeout: 20_000 });
    return (await page.getByTestId("app-credential-password-value").textContent()) ?? "";
  }

  beforeAll(async () => {
    running = await startConsoleInBrowser({
      name: "e2e-app-credentials",
      realms: 1,
      viewport: { width: 1500, height: 900 },
    });
    ({ stack, page, consoleErrors } = running);
  });

  afterAll(async () => {
    await running?.[Symbol.asyncDispose]();
  });

  it("creates, edits, rotates and deletes a credential, showing each password once", async () => {
    await page.goto(stack.adminApi.url);
    await submitLogin(page, "admin", TEST_ADMIN_PASSWORD);
    await page.getByTestId("nav-app-credentials").click({ timeout: 10_000 });
    await page.getByTestId("app-credentials-empty").waitFor({ timeout: 10_000 });

    // A bad name and a bad channel name are named before anything is sent.
    await page.getByTestId("new-app-credential-name").fill("Sales App");
    await page.getByTestId("new-app-credential-publishChannels").fill("/sales, bad//name");
    await page.getByTestId("new-app-credential-submit").click();
    expect(await page.locator("#new-app-credential-name-help").textContent()).toMatch(
      /lower-case letter/,
    );
    expect(await page.locator("#new-app-credential-publishChannels-help").textContent()).toMatch(
      /empty folder/,
    );

    await page.getByTestId("new-app-credential-name").fill(NAME);
    await page.getByTestId("new-app-credential-publishChannels").fill("/sales");
    await page.getByTestId("new-app-credential-subscribeChannels").fill("/sales");
    await page.getByTestId("new-app-credential-submit").click();
    const first = await shownPassword();
    expect(first).toMatch(/^[A-Za-z0-9_-]{32}$/);
    await connectAs(first);
    const row = page.getByTestId(`app-credential-row-${NAME}`);
    await row.waitFor();
    expect(await row.textContent()).toContain("/sales");
    await page.screenshot({ path: join(SCREENSHOT_DIR, "app-credentials.png"), fullPage: true });
    await page.getByTestId("app-credential-password-done").click();
    expect(await page.content()).not.toContain(first);

    await page.getByTestId(`app-credential-edit-${NAME}`).click();
    await page.getByTestId(`edit-${NAME}-consumeQueues`).fill("*");
    await page.getByTestId("app-credential-edit-dialog-confirm").click();
    await page.getByTestId("app-credential-edit-dialog").waitFor({ state: "hidden" });
    await expect.poll(async () => row.textContent(), { timeout: 10_000 }).toContain("every one");

    await page.getByTestId(`app-credential-rotate-${NAME}`).click();
    await page.getByTestId("app-credential-rotate-dialog-confirm").click();
    const second = await shownPassword();
    expect(second).not.toBe(first);
    await connectAs(second);
    await expect(connectAs(first)).rejects.toThrow(/authorization/i);
    await page.getByTestId("app-credential-password-done").click();

    await page.getByTestId(`app-credential-delete-${NAME}`).click();
    await page.getByTestId("app-credential-delete-dialog-confirm").click();
    await page.getByTestId("app-credentials-empty").waitFor({ timeout: 10_000 });
    await expect(connectAs(second)).rejects.toThrow(/authorization/i);
    // The login page's "who am I" answers 401 before the login.
    expect(consoleErrors.filter((line) => !line.includes("401"))).toEqual([]);
  });
});
