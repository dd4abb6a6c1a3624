import { join } from "node:path";
import { TEST_ADMIN_PASSWORD } from "@em/testkit";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCREENSHOT_DIR, submitLogin } from "../support/browser.js";
import { type ConsoleInBrowser, startConsoleInBrowser } from "../support/console-in-browser.js";
import type { LocalStack } from "../support/local-stack.js";

const REALMS = ["realm1", "realm2", "realm3"];
/** Issue 3's acceptance: the cluster page shows the formed cluster this soon after submitting. */
const CREATE_BUDGET_MS = 15_000;

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Switches the theme with the console's own toggle and lets the colour transition finish. */
async function useTheme(page: Page, theme: "light" | "dark"): Promise<void> {
  const current = await page.evaluate(() => document.documentElement.dataset["theme"]);
  if (current !== theme) await page.getByTestId("theme-toggle").click();
  await page.waitForTimeout(300);
}

/**
 * Waits until the operation in the action dialog has finished (or was refused) and expects it
 * to have succeeded; otherwise says what the dialog shows, with a screenshot.
 */
async function expectOperationSucceeds(page: Page, name: string): Promise<void> {
  const dialog = '[data-testid="cluster-action-dialog"]';
  await page.waitForSelector(
    `${dialog} [data-testid="operation-progress"]:not([data-status="running"]), ${dialog} [role="alert"]`,
    { timeout: 30_000 },
  );
  await screenshot(page, name);
  const status = await page
    .locator(`${dialog} [data-testid="operation-progress"]`)
    .getAttribute("data-status", { timeout: 1_000 })
    .catch(() => null);
  if (status !== "succeeded")
    throw new Error(`operation ${status ?? "refused"}: ${await page.locator(dialog).innerText()}`);
}

describe("clusters in the console, in Chromium", () => {
  let running: ConsoleInBrowser | undefined;
  let stack: LocalStack;
  let page: Page;
  let consoleErrors: string[];
  /** Refusals of the add right after a removal (see that test); each logs one 409 in Chromium. */
  let addRefusals = 0;

  beforeAll(async () => {
    running = await startConsoleInBrowser({
      name: "e2e-clusters",
      realms: REALMS.length,
      clusterPorts: true,
      viewport: { width: 1440, height: 900 },
    });
    ({ stack, page, consoleErrors } = running);
  });

  afterAll(async () => {
    await running?.[Symbol.asyncDispose]();
  });

  it("logs in, opens Clusters from the header and explains what a cluster is", async () => {
    await page.goto(stack.adminApi.url);
    await submitLogin(page, "admin", TEST_ADMIN_PASSWORD);
    await page.getByTestId("current-user").waitFor({ timeout: 10_000 });
    await page.waitForSelector('[data-testid="live-status"][data-status="live"]', {
      timeout: 10_000,
    });
    await page.getByTestId("nav-clusters").click();
    expect(new URL(page.url()).pathname).toBe("/clusters");
    const empty = page.getByTestId("clusters-empty");
    await empty.waitFor({ timeout: 10_000 });
    expect(await empty.textContent()).toMatch(/master.*51 %/s);
    await screenshot(page, "clusters-empty-light");
  });

  it("creates cluster demo of three realms in the wizard; the page shows 3 members, one master, quorum 3/3 within 15 s", async () => {
    await page.getByTestId("create-cluster").click();
    const nameInput = page.getByTestId("cluster-name-input");
    await nameInput.fill("1demo");
    expect(await page.locator("#cluster-name-help").textContent()).toMatch(/starts with a letter/);
    await nameInput.fill("demo");
    for (const realm of REALMS) {
      await page.waitForSelector(`label:has([data-testid="realm-pick-${realm}"]) .badge--online`, {
        timeout: 20_000,
      });
      await page.getByTestId(`realm-pick-${realm}`).check();
    }
    await screenshot(page, "cluster-wizard-members-light");

    await page.getByTestId("wizard-preflight").click();
    await page.getByTestId("preflight-summary").waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-level="error"]').count()).toBe(0);
    await page.getByTestId("local-stores-keep").check();
    if ((await page.getByTestId("ack-warnings").count()) > 0)
      await page.getByTestId("ack-warnings").check();
    await screenshot(page, "cluster-wizard-preflight-light");
    await useTheme(page, "dark");
    await screenshot(page, "cluster-wizard-preflight-dark");
    await useTheme(page, "light");

    const submittedAt = performance.now();
    await page.getByTestId("create-cluster-submit").click();
    await page
      .waitForSelector('[data-testid="operation-progress"][data-status="succeeded"]', {
        timeout: CREATE_BUDGET_MS,
      })
      .catch(async (error: unknown) => {
        // Say which step took the time: the dialog lists each with its duration.
        await screenshot(page, "cluster-wizard-not-done");
        const progress = await page
          .getByTestId("operation-progress")
          .innerText({ timeout: 1_000 })
          .catch(() => "(no operation shown)");
        throw new Error(
          `the create did not succeed in time; the console shows:\n${progress}\n${await stack.logTails()}`,
          { cause: error },
        );
      });
    await screenshot(page, "cluster-wizard-done-light");
    await page.getByTestId("open-cluster").click();
    expect(new URL(page.url()).pathname).toBe("/clusters/demo");
    await page.waitForFunction(
      () =>
        document.querySelectorAll('[data-testid^="member-row-"]').length === 3 &&
        document.querySelectorAll('[data-testid="master-tag"]').length === 1 &&
        document.querySelector('[data-testid="cluster-quorum"]')?.getAttribute("data-online") ===
          "3" &&
        document.querySelector('[data-testid="cluster-quorum"]')?.getAttribute("data-total") ===
          "3",
      undefined,
      { timeout: Math.max(1, CREATE_BUDGET_MS - (performance.now() - submittedAt)), polling: 50 },
    );
    const elapsedMs = performance.now() - submittedAt;
    console.log(
      `cluster demo shown formed (3/3, one master) ${Math.round(elapsedMs)} ms after submit`,
    );
    expect(elapsedMs).toBeLessThan(CREATE_BUDGET_MS);
    expect(await page.getByTestId("cluster-quorum").textContent()).toContain("3/3 online");
    await screenshot(page, "cluster-demo-light");
    await useTheme(page, "dark");
    await screenshot(page, "cluster-demo-dark");
  });

  it("shows the master's death live: masterChanged to another member, quorum 2/3, evict offered", async () => {
    await page.getByTestId("nav-clusters").click();
    await page
      .getByTestId("cluster-row-demo")
      .getByRole("link", { name: "demo", exact: true })
      .click();
    await page.getByTestId("cluster-quorum").waitFor({ timeout: 10_000 });
    const master = (await page.getByTestId("cluster-master").textContent())?.trim() ?? "";
    expect(REALMS).toContain(master);
    const pid = (await stack.host.hostedRealm(master)).process.pid;
    if (pid === null) throw new Error(`${master} has no process`);
    const killedAt = performance.now();
    process.kill(pid, "SIGKILL");
    await page.waitForFunction(
      (from) =>
        Array.from(
          document.querySelectorAll('[data-testid="cluster-events"] [data-type="masterChanged"]'),
        ).some((li) => li.textContent?.includes(`${from} →`) === true) &&
        document.querySelector('[data-testid="cluster-quorum"]')?.getAttribute("data-online") ===
          "2",
      master,
      { timeout: 20_000, polling: 50 },
    );
    console.log(
      `masterChanged from ${master} and quorum 2/3 shown ${Math.round(performance.now() - killedAt)} ms after SIGKILL`,
    );
    expect(await page.getByTestId(`member-state-${master}`).textContent()).toBe("offline");
    await page.getByTestId(`member-evict-${master}`).waitFor({ timeout: 5_000 });
    const survivor = REALMS.find((r) => r !== master) ?? "";
    expect(await page.getByTestId(`what-if-${survivor}`).textContent()).toContain("loses quorum");
    await useTheme(page, "light");
    await screenshot(page, "cluster-master-killed-light");
    await useTheme(page, "dark");
    await screenshot(page, "cluster-master-killed-dark");

    await page.getByTestId(`member-evict-${master}`).click();
    const dialog = page.getByTestId("cluster-action-dialog");
    await dialog.waitFor({ state: "visible", timeout: 5_000 });
    expect(await dialog.textContent()).toMatch(/Emergency action/);
    await screenshot(page, "cluster-evict-dialog-dark");
    await dialog.getByRole("button", { name: "Cancel" }).click();

    const started = await page.evaluate(async (name) => {
      const response = await fetch(`/api/realms/${name}/actions/start`, { method: "POST" });
      return response.status;
    }, master);
    expect(started).toBe(200);
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="cluster-quorum"]')?.getAttribute("data-online") ===
        "3",
      undefined,
      { timeout: 30_000, polling: 100 },
    );
  });

  it("removes a member and adds it back, following each operation in its dialog", async () => {
    const dialog = page.getByTestId("cluster-action-dialog");
    await page.getByTestId("member-remove-realm3").click();
    await dialog.waitFor({ state: "visible", timeout: 5_000 });
    expect(await dialog.textContent()).toMatch(/restarted standalone/);
    await page.getByTestId("cluster-action-confirm").click();
    await expectOperationSucceeds(page, "cluster-remove-done-dark");
    await page.getByTestId("cluster-action-close").click();
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid^="member-row-"]').length === 2,
      undefined,
      { timeout: 15_000 },
    );

    await page.getByTestId("cluster-add-member").click();
    await dialog.waitFor({ state: "visible", timeout: 5_000 });
    await page.getByTestId("add-pick-realm3").check({ timeout: 15_000 });
    // Right after a removal the admin API may still hold realm3's old cluster definition and
    // refuse with PREFLIGHT_FAILED "already in cluster"; the console shows the refusal and the
    // operator presses Add again. Counted and logged, so the race stays visible.
    const dialogSelector = '[data-testid="cluster-action-dialog"]';
    const addStarted = performance.now();
    for (;;) {
      await page.getByTestId("cluster-action-confirm").click();
      await page.waitForSelector(
        `${dialogSelector} [data-testid="operation-progress"], ${dialogSelector} [role="alert"]`,
        { timeout: 30_000 },
      );
      const refused = await page.locator(`${dialogSelector} [role="alert"]`).count();
      if (refused === 0 || performance.now() - addStarted > 15_000) break;
      addRefusals += 1;
      await page.waitForTimeout(1_000);
    }
    if (addRefusals > 0)
      console.log(`add realm3 right after its removal was refused ${addRefusals} time(s) first`);
    await expectOperationSucceeds(page, "cluster-add-done-dark");
    await page.getByTestId("cluster-action-close").click();
    await page.waitForFunction(
      () =>
        document.querySelectorAll('[data-testid^="member-row-"]').length === 3 &&
        document.querySelector('[data-testid="cluster-quorum"]')?.getAttribute("data-online") ===
          "3",
      undefined,
      { timeout: 20_000 },
    );
  });

  it("lists demo as a cluster with its master and quorum", async () => {
    await page.getByTestId("nav-clusters").click();
    const row = page.getByTestId("cluster-row-demo");
    await row.waitFor({ timeout: 10_000 });
    expect(await row.textContent()).toContain("3/3 online · needs 2");
    await screenshot(page, "clusters-list-dark");
    await useTheme(page, "light");
    await screenshot(page, "clusters-list-light");
  });

  it("deletes the cluster after confirming; every realm ends standalone", async () => {
    await page
      .getByTestId("cluster-row-demo")
      .getByRole("link", { name: "demo", exact: true })
      .click();
    await page.getByTestId("cluster-delete").click();
    const dialog = page.getByTestId("cluster-action-dialog");
    await dialog.waitFor({ state: "visible", timeout: 5_000 });
    expect(await dialog.textContent()).toMatch(/restarted standalone/);
    await page.getByTestId("cluster-action-confirm").click();
    await expectOperationSucceeds(page, "cluster-delete-done-light");
    await page.getByTestId("cluster-action-close").click();
    await page.getByTestId("clusters-empty").waitFor({ timeout: 10_000 });
    expect(new URL(page.url()).pathname).toBe("/clusters");
    const refusalLogs = consoleErrors.filter((text) => text.includes("status of 409"));
    expect(refusalLogs.length).toBe(addRefusals);
    expect(
      consoleErrors.filter((text) => !text.includes("401") && !text.includes("status of 409")),
    ).toEqual([]);
  });
});
