// The Users and Account pages in Chromium: an admin creates a viewer, makes them operator; the
// new user changes their own password in a second browser; the admin signs them out everywhere,
// is refused demoting the last admin (themself), and deletes the user, who can no longer log in.
import { join } from "node:path";
import { UserListSchema } from "@em/contracts";
import { TEST_ADMIN_PASSWORD, type HttpSession } from "@em/testkit";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCREENSHOT_DIR, openConsolePage, submitLogin } from "../support/browser.js";
import { type ConsoleInBrowser, startConsoleInBrowser } from "../support/console-in-browser.js";
import type { LocalStack } from "../support/local-stack.js";

const NAME = "olivia";
const FIRST_PASSWORD = "olivia-first-Pa55-e2e";
const NEW_PASSWORD = "olivia-second-Pa55-e2e";
const VIEWPORT = { width: 1500, height: 900 };

/** Console errors other than the browser's report of a response with one of `statuses`. */
function unexpected(errors: readonly string[], statuses: readonly number[]): string[] {
  return errors.filter(
    (line) => !statuses.some((status) => line.includes(`status of ${status} (`)),
  );
}

/** What a field's screen-reader description (its help, or its error) says. */
async function describedAs(page: Page, testId: string): Promise<string | null | undefined> {
  return page.getByTestId(testId).evaluate((input) => {
    const id = input.getAttribute("aria-describedby");
    return id ? document.getElementById(id)?.textContent : null;
  });
}

async function logIn(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(url);
  await submitLogin(page, username, password);
  await page.getByTestId("current-user").waitFor({ timeout: 10_000 });
}

describe("users and account in the console", () => {
  let running: ConsoleInBrowser | undefined;
  let stack: LocalStack;
  let page: Page;
  let consoleErrors: string[];
  let api: HttpSession;

  async function roleOf(username: string): Promise<string | undefined> {
    const response = await api.get("/api/users");
    expect(response.status).toBe(200);
    const { users } = UserListSchema.parse(await response.json());
    return users.find((user) => user.username === username)?.role;
  }

  async function loginStatus(password: string): Promise<number> {
    return (await stack.adminApi.session().login(NAME, password)).status;
  }

  async function notice(target: Page, title: string): Promise<void> {
    await target.getByTestId("notice").filter({ hasText: title }).waitFor({ timeout: 10_000 });
  }

  beforeAll(async () => {
    running = await startConsoleInBrowser({ name: "e2e-users", realms: 1, viewport: VIEWPORT });
    ({ stack, page, consoleErrors } = running);
    api = await stack.adminApi.adminSession();
  });

  afterAll(async () => {
    await running?.[Symbol.asyncDispose]();
  });

  it("creates a user, changes their role, password and sessions, protects the last admin, deletes them", async () => {
    if (!running) throw new Error("the console did not start");
    await logIn(page, stack.adminApi.url, "admin", TEST_ADMIN_PASSWORD);
    await page.getByTestId("nav-users").click();
    await page.getByTestId("user-row-admin").waitFor({ timeout: 10_000 });

    // 1. A bad username is named at its field, and nothing is created.
    await page.getByTestId("new-user-username").fill("<b>x");
    await page.getByTestId("new-user-password").fill(FIRST_PASSWORD);
    await page.getByTestId("new-user-role").selectOption("viewer");
    await page.getByTestId("new-user-submit").click();
    await expect.poll(() => describedAs(page, "new-user-username")).toMatch(/lowercase letters/);
    expect(await page.getByTestId("new-user-username").getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator('[data-testid^="user-row-"]').count()).toBe(1);
    expect(await roleOf("<b>x")).toBeUndefined();

    await page.getByTestId("new-user-username").fill(NAME);
    await page.getByTestId("new-user-submit").click();
    await notice(page, `User ${NAME} created as viewer`);
    const row = page.getByTestId(`user-row-${NAME}`);
    await row.waitFor({ timeout: 10_000 });
    expect(await page.getByTestId(`user-role-${NAME}`).inputValue()).toBe("viewer");
    expect(await roleOf(NAME)).toBe("viewer");

    // 2. Viewer → operator, behind a confirmation.
    await page.getByTestId(`user-role-${NAME}`).selectOption("operator");
    await row.getByTestId("user-role-dialog-confirm").click();
    await row.getByTestId("user-role-dialog").waitFor({ state: "detached" });
    await notice(page, `${NAME} is now operator`);
    expect(await roleOf(NAME)).toBe("operator");

    // 3. Olivia, in a browser of her own, changes her password on /account.
    const olivia = await openConsolePage(running.browser, VIEWPORT);
    const herPage = olivia.page;
    await logIn(herPage, stack.adminApi.url, NAME, FIRST_PASSWORD);
    expect(await herPage.getByTestId("current-user").textContent()).toContain("operator");
    expect(await herPage.getByTestId("nav-users").count()).toBe(0);
    await herPage.getByTestId("nav-account").click();
    await herPage.getByTestId("change-password-form").waitFor({ timeout: 10_000 });
    expect(new URL(herPage.url()).pathname).toBe("/account");
    await herPage.getByTestId("account-currentPassword").fill("not-her-password-e2e");
    await herPage.getByTestId("account-newPassword").fill(NEW_PASSWORD);
    await herPage.getByTestId("account-confirmPassword").fill(NEW_PASSWORD);
    await herPage.getByTestId("change-password-submit").click();
    await expect
      .poll(() => describedAs(herPage, "account-currentPassword"), {
        timeout: 10_000,
      })
      .toBe("does not match your current password");
    expect(await herPage.getByTestId("account-currentPassword").getAttribute("aria-invalid")).toBe(
      "true",
    );
    expect(await loginStatus(FIRST_PASSWORD)).toBe(200);

    await herPage.getByTestId("account-currentPassword").fill(FIRST_PASSWORD);
    await herPage.getByTestId("change-password-submit").click();
    await notice(herPage, "Password changed");
    expect(await herPage.getByTestId("account-currentPassword").inputValue()).toBe("");
    expect(await loginStatus(FIRST_PASSWORD)).toBe(401);
    const herApi = stack.adminApi.session();
    expect((await herApi.login(NAME, NEW_PASSWORD)).status).toBe(200);
    expect((await herApi.get("/api/auth/me")).status).toBe(200);

    // 4. The admin signs her out everywhere: her browser is back at the login page.
    await page.reload();
    // Her browser's session (kept by the password change) and the API login above.
    const revoke = page.getByRole("button", { name: `Revoke sessions of ${NAME}` });
    await expect.poll(() => revoke.isEnabled(), { timeout: 10_000 }).toBe(true);
    await revoke.click();
    await row.getByTestId("user-revoke-dialog-confirm").click();
    await row.getByTestId("user-revoke-dialog").waitFor({ state: "hidden" });
    await notice(page, `2 sessions of ${NAME} ended`);
    expect((await herApi.get("/api/auth/me")).status).toBe(401);
    await expect.poll(() => revoke.isDisabled(), { timeout: 10_000 }).toBe(true);
    // Her page still shows the console until its next request, which the API refuses.
    await herPage.getByTestId("nav-realms").click();
    await herPage.getByTestId("login-username").waitFor({ timeout: 10_000 });
    expect(await herPage.getByTestId("current-user").count()).toBe(0);

    // 5. Demoting the last admin (the admin themself) is refused, in the dialog.
    await page.getByTestId("user-role-admin").selectOption("viewer");
    const dialog = page.getByTestId("user-row-admin").getByTestId("user-role-dialog");
    await dialog.getByTestId("user-role-dialog-confirm").click();
    const refusal = dialog.getByRole("alert");
    await refusal.waitFor({ timeout: 10_000 });
    expect(await refusal.textContent()).toMatch(/Role not changed.*CONFLICT.*last admin/s);
    await page.screenshot({ path: join(SCREENSHOT_DIR, "users-last-admin.png"), fullPage: true });
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "detached" });
    expect(await page.getByTestId("user-role-admin").inputValue()).toBe("admin");
    expect(await page.getByTestId("current-user").textContent()).toContain("admin");
    expect(await roleOf("admin")).toBe("admin");

    // 6. Deleting her: gone from the table, and her password no longer logs in.
    await page.getByRole("button", { name: `Delete ${NAME}` }).click();
    await row.getByTestId("user-delete-dialog-confirm").click();
    await notice(page, `User ${NAME} deleted`);
    await row.waitFor({ state: "detached", timeout: 10_000 });
    expect(await roleOf(NAME)).toBeUndefined();
    expect(await loginStatus(NEW_PASSWORD)).toBe(401);

    // Expected: the login pages' "who am I" (401), the wrong current password (400), the
    // session revoked under her (401) and the last-admin refusal (409). Nothing else.
    expect(unexpected(consoleErrors, [401, 409])).toEqual([]);
    expect(unexpected(olivia.consoleErrors, [400, 401])).toEqual([]);
    await herPage.context().close();
  });
});
