import { join } from "node:path";
import { AuditEntrySchema } from "@em/contracts";
import { TEST_ADMIN_PASSWORD } from "@em/testkit";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCREENSHOT_DIR, submitLogin } from "../support/browser.js";
import { type ConsoleInBrowser, startConsoleInBrowser } from "../support/console-in-browser.js";
import type { LocalStack } from "../support/local-stack.js";

/** A login attempt whose username is markup: it must show as text, never run. */
const MARKUP_USERNAME = "<img src=x onerror=window.__auditXss=1>";
const GUESSED_PASSWORD = "guessed-Pa55word-e2e-41b7";

async function auditActions(page: Page): Promise<string[]> {
  return page
    .locator('[data-testid^="audit-row-"]')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-action") ?? ""));
}

describe("audit log in the console", () => {
  let running: ConsoleInBrowser | undefined;
  let stack: LocalStack;
  let page: Page;
  let consoleErrors: string[];

  beforeAll(async () => {
    running = await startConsoleInBrowser({
      name: "e2e-audit",
      realms: 1,
      viewport: { width: 1500, height: 900 },
    });
    ({ stack, page, consoleErrors } = running);
  });

  afterAll(async () => {
    await running?.[Symbol.asyncDispose]();
  });

  it("an admin sees a failed login and a realm stop from the console, filters and exports them", async () => {
    await page.goto(stack.adminApi.url);
    await submitLogin(page, MARKUP_USERNAME, GUESSED_PASSWORD);
    await page.getByRole("alert").waitFor({ timeout: 10_000 });
    await submitLogin(page, "admin", TEST_ADMIN_PASSWORD);
    await page.getByTestId("current-user").waitFor({ timeout: 10_000 });

    await page.getByTestId("realm-action-stop-realm1").click({ timeout: 30_000 });
    await page.getByTestId("realm-action-dialog-confirm").click();
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="realm-status-realm1"]')?.textContent === "offline",
      undefined,
      { timeout: 20_000 },
    );

    await page.getByTestId("nav-audit").click();
    await page.getByTestId("audit-table").waitFor({ timeout: 10_000 });
    const actions = await auditActions(page);
    expect(actions).toEqual(expect.arrayContaining(["login", "realmAction"]));
    // Newest first: the stop came after both logins.
    expect(actions[0]).toBe("realmAction");
    const text = (await page.getByTestId("audit-table").textContent()) ?? "";
    expect(text).toContain(MARKUP_USERNAME);
    expect(text).toContain("UNAUTHENTICATED");
    expect(text).toContain("name: realm1 · action: stop");
    expect(await page.locator('[data-testid="audit-table"] img').count()).toBe(0);

    await page.getByTestId("audit-filter-action").selectOption("login");
    await page.getByTestId("audit-filter-result").selectOption("failed");
    await page.getByTestId("audit-filter-apply").click();
    await page.waitForFunction(
      () =>
        Array.from(document.querySelectorAll('[data-testid^="audit-row-"]')).every(
          (row) => row.getAttribute("data-result") === "UNAUTHENTICATED",
        ),
      undefined,
      { timeout: 10_000 },
    );
    expect(new URL(page.url()).search).toBe("?action=login&result=failed");
    const row = page.locator('[data-testid^="audit-row-"]').first();
    await row.getByText("params").click();
    const params = (await row.locator('[data-testid^="audit-params-"]').textContent()) ?? "";
    expect(params).toContain("[redacted]");
    expect(params).toContain(MARKUP_USERNAME);
    expect(params).not.toContain(GUESSED_PASSWORD);
    await page.screenshot({ path: join(SCREENSHOT_DIR, "audit-filtered.png"), fullPage: true });

    const href = await page.getByTestId("audit-export").getAttribute("href");
    expect(href).toBe("/api/audit/export?action=login&result=failed");
    const exported = await page.evaluate(async (url) => (await fetch(url)).text(), href ?? "");
    const entries = exported
      .trimEnd()
      .split("\n")
      .map((line) => AuditEntrySchema.parse(JSON.parse(line)));
    expect(entries.map((entry) => entry.username)).toEqual([MARKUP_USERNAME]);
    expect(exported).not.toContain(GUESSED_PASSWORD);

    expect(await page.evaluate(() => (window as { __auditXss?: number }).__auditXss)).toBe(
      undefined,
    );
    expect(consoleErrors.filter((line) => !line.includes("401"))).toEqual([]);
  });
});
