import { join } from "node:path";
import { TEST_ADMIN_PASSWORD, type RealmHost } from "@em/testkit";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCREENSHOT_DIR, submitLogin } from "../support/browser.js";
import { type ConsoleInBrowser, startConsoleInBrowser } from "../support/console-in-browser.js";
import type { LocalStack } from "../support/local-stack.js";

const REALMS = ["realm1", "realm2", "realm3"];

async function statusOf(page: Page, realm: string): Promise<string | null> {
  return page.getByTestId(`realm-status-${realm}`).textContent({ timeout: 1_000 });
}

/** Waits until the realm's badge reads `status`; returns how long that took. */
async function waitForStatus(
  page: Page,
  realm: string,
  status: string,
  timeoutMs: number,
): Promise<number> {
  const started = performance.now();
  await page.waitForFunction(
    ([name, wanted]) =>
      document.querySelector(`[data-testid="realm-status-${name}"]`)?.textContent === wanted,
    [realm, status] as const,
    { timeout: timeoutMs, polling: 50 },
  );
  return performance.now() - started;
}

/** Clicks a realm's action button, checks what the dialog promises, and confirms. */
async function confirmAction(
  page: Page,
  realm: string,
  action: string,
  promise: RegExp,
): Promise<void> {
  await page.getByTestId(`realm-action-${action}-${realm}`).click();
  const dialog = page.getByRole("dialog");
  await dialog.waitFor({ state: "visible", timeout: 5_000 });
  expect(await dialog.textContent()).toMatch(promise);
  await page.getByTestId("realm-action-dialog-confirm").click();
}

async function realmPid(host: RealmHost, name: string): Promise<number> {
  const { pid } = (await host.hostedRealm(name)).process;
  if (pid === null) throw new Error(`${name} has no process`);
  return pid;
}

describe("operator console in Chromium", () => {
  let running: ConsoleInBrowser | undefined;
  let stack: LocalStack;
  let page: Page;
  let consoleErrors: string[];

  beforeAll(async () => {
    running = await startConsoleInBrowser({
      name: "e2e-console",
      realms: REALMS.length,
      viewport: { width: 1600, height: 900 },
    });
    ({ stack, page, consoleErrors } = running);
  });

  afterAll(async () => {
    await running?.[Symbol.asyncDispose]();
  });

  it("refuses a wrong password and says why", async () => {
    await page.goto(stack.adminApi.url);
    await submitLogin(page, "admin", "not-the-password");
    const alert = page.getByRole("alert");
    await alert.waitFor({ timeout: 10_000 });
    expect(await alert.textContent()).toContain("UNAUTHENTICATED");
  });

  it("logs in and shows three realms online, live", async () => {
    await page.getByTestId("login-password").fill(TEST_ADMIN_PASSWORD);
    await page.getByTestId("login-submit").click();
    await page.getByTestId("current-user").waitFor({ timeout: 10_000 });
    expect(await page.getByTestId("current-user").textContent()).toContain("admin");
    for (const realm of REALMS) await waitForStatus(page, realm, "online", 30_000);
    await page.waitForSelector('[data-testid="live-status"][data-status="live"]', {
      timeout: 10_000,
    });
    await page.screenshot({
      path: join(SCREENSHOT_DIR, "realms-online-light.png"),
      fullPage: true,
    });
  });

  it("kills a realm from the console and shows it offline within 3 s, without a reload", async () => {
    await page.evaluate(() => {
      (window as unknown as { __noReload: boolean }).__noReload = true;
    });
    await confirmAction(
      page,
      "realm2",
      "kill",
      /Kill realm2\? SIGKILL: clients connected to it fail over; nothing is flushed\./,
    );
    const elapsedMs = await waitForStatus(page, "realm2", "offline", 3_000);
    console.log(`realm2 shown offline ${Math.round(elapsedMs)} ms after confirming the kill`);
    expect(
      await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload),
    ).toBe(true);
    for (const realm of ["realm1", "realm3"]) expect(await statusOf(page, realm)).toBe("online");
    await page.getByTestId("realm-problem-realm2").waitFor({ timeout: 5_000 });
    await page.getByTestId("theme-toggle").click();
    await page.waitForTimeout(300); // let the colour transition finish before the screenshot
    await page.screenshot({ path: join(SCREENSHOT_DIR, "realm2-killed-dark.png"), fullPage: true });
  });

  it("starts the killed realm from the console and it returns online", async () => {
    await confirmAction(page, "realm2", "start", /Start realm2\?/);
    await waitForStatus(page, "realm2", "online", 20_000);
    expect(
      await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload),
    ).toBe(true);
    await page.screenshot({
      path: join(SCREENSHOT_DIR, "realm2-restarted-dark.png"),
      fullPage: true,
    });
    expect(consoleErrors.filter((text) => !text.includes("401"))).toEqual([]);
  });

  it("shows a realm killed behind its back as offline, pushed live", async () => {
    const pid = await realmPid(stack.host, "realm1");
    process.kill(pid, "SIGKILL");
    const elapsedMs = await waitForStatus(page, "realm1", "offline", 5_000);
    console.log(
      `realm1 (SIGKILL outside the console) shown offline after ${Math.round(elapsedMs)} ms`,
    );
    await confirmAction(page, "realm1", "start", /Start realm1\?/);
    await waitForStatus(page, "realm1", "online", 20_000);
  });

  it("keeps the page and polls while the live feed is cut, then goes live again", async () => {
    // Cut socket.io only: the REST API stays reachable, so the console must fall back to polling.
    const context = page.context();
    let cut = true;
    await context.route("**/socket.io/**", (route) => (cut ? route.abort() : route.continue()));
    await context.routeWebSocket(/\/socket\.io\//, (ws) => {
      if (cut) void ws.close();
      else ws.connectToServer();
    });
    await stack.restartAdminApi();
    await page.waitForSelector('[data-testid="live-status"][data-status="polling"]', {
      timeout: 10_000,
    });
    for (const realm of REALMS) expect(await statusOf(page, realm)).toBe("online");

    process.kill(await realmPid(stack.host, "realm3"), "SIGKILL");
    const elapsedMs = await waitForStatus(page, "realm3", "offline", 10_000);
    console.log(`realm3 shown offline by polling after ${Math.round(elapsedMs)} ms`);
    await page.screenshot({
      path: join(SCREENSHOT_DIR, "polling-fallback-dark.png"),
      fullPage: true,
    });

    cut = false;
    await page.waitForSelector('[data-testid="live-status"][data-status="live"]', {
      timeout: 20_000,
    });
    await confirmAction(page, "realm3", "start", /Start realm3\?/);
    await waitForStatus(page, "realm3", "online", 20_000);
  });

  it("goes back to the login page when the session is gone, and logs out", async () => {
    // A 401 on any request ends the session in the browser. Refocusing the tab refetches the
    // realm list at once (a poll of the host list would do it too, within 15 s).
    await page.context().clearCookies();
    await page.evaluate(() => document.dispatchEvent(new Event("visibilitychange")));
    await page.getByTestId("login-submit").waitFor({ timeout: 10_000 });
    expect((await stack.host.hostedRealm("realm1")).process.state).toBe("running");

    await submitLogin(page, "admin", TEST_ADMIN_PASSWORD);
    await waitForStatus(page, "realm1", "online", 10_000);
    await page.getByTestId("logout").click();
    await page.getByTestId("login-submit").waitFor({ timeout: 10_000 });
    await page.reload();
    await page.getByTestId("login-submit").waitFor({ timeout: 10_000 });
  });
});
