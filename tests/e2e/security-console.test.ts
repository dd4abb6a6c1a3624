import { join } from "node:path";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import {
  API_ROUTES,
  ClusterDetailSchema,
  OperationAcceptedSchema,
  OperationSchema,
  REALMD_PATHS,
  RealmCredentialsSchema,
  apiPath,
} from "@em/contracts";
import { TEST_ADMIN_PASSWORD, eventually, type HttpSession } from "@em/testkit";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCREENSHOT_DIR, submitLogin } from "../support/browser.js";
import { startConsoleInBrowser, type ConsoleInBrowser } from "../support/console-in-browser.js";
import type { LocalStack } from "../support/local-stack.js";

const REALMS = ["realm1", "realm2"];
const VIEWER = { username: "vic", password: "viewer-password-1", role: "viewer" } as const;
/** A client name as a realm reports it: anything the application chose. */
const HOSTILE_CLIENT = "<img src=x onerror=alert(1)>";
/**
 * The most hostile name UM's rules allow (letters, digits, `/ - _ #`): `#` would cut a URL
 * short if not encoded, `__proto__` and `constructor` would break a tree built on plain objects.
 */
const HOSTILE_CHANNEL = "/__proto__/#-_#/constructor";

/** Controls that change something; none may show (or be usable) for a viewer. */
const MUTATION_TEST_IDS = [
  "realm-action-",
  "create-cluster",
  "cluster-add-member",
  "cluster-delete",
  "member-remove-",
  "member-evict-",
  "create-store",
  "store-delete",
  "store-purge",
  "store-edit-save",
  "publish-submit",
  "bounce-",
  "drill-start",
  "demo-start",
  "demo-stop",
];
const MUTATION_WORDS =
  /\b(create|new|add|delete|remove|evict|kill|start|stop|restart|pause|drill|publish|purge|bounce|save|edit)\b/i;

const CREATE_LINK_WORDS = /\b(create|new|add)\b/i;

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Enabled, visible controls on the page that would change something. */
async function mutationControls(page: Page): Promise<string[]> {
  const found: string[] = [];
  for (const prefix of MUTATION_TEST_IDS) {
    for (const control of await page.locator(`[data-testid^="${prefix}"]`).all()) {
      if ((await control.isVisible()) && (await control.isEnabled())) found.push(prefix);
    }
  }
  for (const control of await page.locator("button, input[type=submit], a.button").all()) {
    if (!(await control.isVisible()) || !(await control.isEnabled())) continue;
    const text = ((await control.textContent()) ?? "").trim();
    // A link only goes somewhere ("Drill reports"); one that leads to a form says so.
    const isLink = (await control.evaluate((element) => element.tagName)) === "A";
    if ((isLink ? CREATE_LINK_WORDS : MUTATION_WORDS).test(text)) found.push(`"${text}"`);
  }
  return found;
}

/**
 * Records every CSP violation of `page`, even one a library caught (a probe of `new Function`):
 * not all of them reach the console.
 */
async function recordCspViolations(page: Page, violations: string[]): Promise<void> {
  await page.exposeFunction("reportCspViolation", (violation: string) => {
    violations.push(violation);
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const page = window as unknown as { reportCspViolation: (v: string) => void };
      page.reportCspViolation(
        `${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`,
      );
    });
  });
}

async function createCluster(admin: HttpSession): Promise<void> {
  await eventually("every realm online", async () => {
    const response = await admin.get(API_ROUTES.listRealms.path);
    const { realms } = (await response.json()) as { realms: { status: string }[] };
    return realms.length === REALMS.length && realms.every((r) => r.status === "online");
  });
  const response = await admin.post(API_ROUTES.createCluster.path, {
    name: "demo",
    realms: REALMS,
  });
  expect(response.status).toBe(202);
  const { operation } = OperationAcceptedSchema.parse(await response.json());
  const done = await eventually(
    "cluster demo created",
    async () => {
      const current = OperationSchema.parse(
        await (await admin.get(apiPath(API_ROUTES.getOperation.path, { id: operation.id }))).json(),
      );
      return current.status === "running" ? null : current;
    },
    60_000,
  );
  expect(done.status).toBe("succeeded");
  await eventually("demo healthy", async () => {
    const cluster = ClusterDetailSchema.parse(
      await (await admin.get(apiPath(API_ROUTES.getCluster.path, { name: "demo" }))).json(),
    );
    return cluster.status === "healthy";
  });
}

describe("security in the console, in Chromium", () => {
  let running: ConsoleInBrowser | undefined;
  let stack: LocalStack;
  let page: Page;
  let consoleErrors: string[];
  let hostileClient: NatsConnection | undefined;
  const dialogs: string[] = [];
  const websockets: string[] = [];
  const cspViolations: string[] = [];

  beforeAll(async () => {
    running = await startConsoleInBrowser({
      name: "e2e-security",
      realms: REALMS.length,
      clusterPorts: true,
      viewport: { width: 1440, height: 900 },
    });
    ({ stack, page, consoleErrors } = running);
    page.on("websocket", (socket) => websockets.push(socket.url()));
    await recordCspViolations(page, cspViolations);
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const admin = await stack.adminApi.adminSession();
    await createCluster(admin);
    const channels = apiPath(API_ROUTES.clusterChannelCreate.path, { name: "demo" });
    const created = await admin.post(channels, { name: HOSTILE_CHANNEL });
    expect(created.status, await created.clone().text()).toBe(201);
    const user = await admin.post(API_ROUTES.createUser.path, VIEWER);
    expect(user.status).toBe(201);

    const hosted = await stack.host.hostedRealm("realm1");
    const credentials = RealmCredentialsSchema.parse(
      await (
        await stack.host.realmd.request("GET", REALMD_PATHS.realmCredentials("realm1"))
      ).json(),
    );
    hostileClient = await connect({
      servers: `127.0.0.1:${hosted.ports.nsp}`,
      user: credentials.app.user,
      pass: credentials.app.password,
      name: HOSTILE_CLIENT,
    });
  }, 180_000);

  afterAll(async () => {
    await hostileClient?.close();
    await running?.[Symbol.asyncDispose]();
  });

  it("a viewer logs in and sees no control that creates, changes or deletes, on any page", async () => {
    await page.goto(`${stack.adminApi.url}/realms`);
    await submitLogin(page, VIEWER.username, VIEWER.password);
    // The login must finish before the first navigation, or that navigation cancels it.
    await page.getByTestId("realm-row-realm1").waitFor({ timeout: 15_000 });

    const pages: [path: string, ready: string][] = [
      ["/realms", "realm-row-realm1"],
      ["/clusters", "cluster-row-demo"],
      ["/clusters/demo", "member-table"],
      ["/clusters/demo/live", "live-master"],
      ["/clusters/demo/channels", "store-total"],
      [`/clusters/demo/channels/${encodeURIComponent(HOSTILE_CHANNEL)}`, "store-title"],
      ["/clusters/demo/queues", "stores-empty"],
      ["/realms/realm1/connections", "connections-table"],
      ["/sessions", "sessions-table"],
      ["/drills", "drills-empty"],
    ];
    const shown: Record<string, string[]> = {};
    for (const [path, ready] of pages) {
      await page.goto(`${stack.adminApi.url}${path}`);
      await page.getByTestId(ready).first().waitFor({ timeout: 15_000 });
      // Let role-dependent parts (panels, toolbars) render after their data.
      await page.waitForTimeout(500);
      const controls = await mutationControls(page);
      if (controls.length > 0) shown[path] = controls;
    }
    await screenshot(page, "security-viewer-drills");
    expect(shown).toEqual({});
  });

  it("the same check finds an admin's controls on the same pages (so it can fail)", async () => {
    if (!running) throw new Error("no browser");
    const context = await running.browser.newContext({ viewport: { width: 1440, height: 900 } });
    try {
      const adminPage = await context.newPage();
      await recordCspViolations(adminPage, cspViolations);
      await adminPage.goto(`${stack.adminApi.url}/realms`);
      await submitLogin(adminPage, "admin", TEST_ADMIN_PASSWORD);
      await adminPage.getByTestId("realm-row-realm1").waitFor({ timeout: 15_000 });
      await adminPage.waitForTimeout(500);
      expect(await mutationControls(adminPage)).toContain("realm-action-");
      await adminPage.goto(`${stack.adminApi.url}/clusters/demo`);
      await adminPage.getByTestId("member-table").waitFor({ timeout: 15_000 });
      await adminPage.waitForTimeout(500);
      expect(await mutationControls(adminPage)).toEqual(
        expect.arrayContaining(["cluster-delete", "member-remove-"]),
      );
      // The admin-only pages, for the CSP check below.
      for (const path of ["/clusters/_new", "/users", "/audit", "/app-credentials", "/account"]) {
        await adminPage.goto(`${stack.adminApi.url}${path}`);
        await adminPage.locator("h1").first().waitFor({ timeout: 15_000 });
        await adminPage.waitForTimeout(500);
      }
    } finally {
      await context.close();
    }
  });

  it("the server refuses a viewer's change made from the page itself (403), not only the console", async () => {
    const answers = await page.evaluate(async () => {
      const calls: [string, string, unknown][] = [
        ["POST", "/api/clusters/demo/channels", { name: "/by-viewer" }],
        ["DELETE", "/api/clusters/demo", undefined],
        ["POST", "/api/realms/realm1/actions/stop", undefined],
        ["POST", "/api/users", { username: "eve", password: "eve-password-12", role: "admin" }],
      ];
      const results: { call: string; status: number; code: string }[] = [];
      for (const [method, path, body] of calls) {
        const response = await fetch(path, {
          method,
          headers: { "content-type": "application/json", "x-em-request": "1" },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        const json = (await response.json()) as { error?: { code?: string } };
        results.push({
          call: `${method} ${path}`,
          status: response.status,
          code: json.error?.code ?? "",
        });
      }
      return results;
    });
    for (const answer of answers)
      expect(answer, answer.call).toMatchObject({ status: 403, code: "FORBIDDEN" });
  });

  it("a client named like an HTML tag and a hostile channel name render as text", async () => {
    const checks: [path: string, text: string][] = [
      ["/realms/realm1/connections", HOSTILE_CLIENT],
      ["/sessions", HOSTILE_CLIENT],
      [`/sessions/${encodeURIComponent(HOSTILE_CLIENT)}`, HOSTILE_CLIENT],
      [`/clusters/demo/channels/${encodeURIComponent(HOSTILE_CHANNEL)}`, HOSTILE_CHANNEL],
    ];
    for (const [path, text] of checks) {
      await page.goto(`${stack.adminApi.url}${path}`);
      await expect
        .poll(async () => page.getByText(text, { exact: true }).first().isVisible(), {
          message: `${text} shown as text on ${path}`,
          timeout: 15_000,
        })
        .toBe(true);
      expect(await page.locator('img[src="x"]').count(), path).toBe(0);
    }
    // The list groups names into folders: each part is text, the whole name the row's title.
    await page.goto(`${stack.adminApi.url}/clusters/demo/channels`);
    const row = page.getByTestId(`store-row-${HOSTILE_CHANNEL}`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.getByRole("link").getAttribute("title")).toBe(HOSTILE_CHANNEL);
    expect((await row.getByRole("link").textContent())?.trim()).toBe("constructor");
    expect(await page.getByTestId("folder-/__proto__/#-_#").isVisible()).toBe(true);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    await screenshot(page, "security-hostile-channel");
    expect(dialogs).toEqual([]);
  });

  it("the console ran under its Content-Security-Policy without a single violation", async () => {
    // The live feed got through connect-src 'self', upgraded to a same-origin WebSocket.
    await page.goto(`${stack.adminApi.url}/realms`);
    await page
      .locator('[data-testid="live-status"][data-status="live"]')
      .waitFor({ timeout: 15_000 });
    const wsOrigin = stack.adminApi.url.replace(/^http/, "ws");
    await expect
      .poll(() => websockets.filter((url) => url.startsWith(`${wsOrigin}/socket.io/`)).length)
      .toBeGreaterThan(0);
    expect(cspViolations).toEqual([]);
    // Vite's built index.html: only external scripts, no inline script or style attribute.
    const index = await fetch(`${stack.adminApi.url}/`, { headers: { accept: "text/html" } });
    expect(index.headers.get("content-security-policy")).toContain("script-src 'self'");
    const html = await index.text();
    expect(html).toMatch(/<script[^>]*\ssrc="\/assets\//);
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).not.toMatch(/\sstyle=/);
    expect(
      consoleErrors.filter((error) => /Content Security Policy|Refused to/i.test(error)),
    ).toEqual([]);
  });
});
