import { join } from "node:path";
import {
  ClusterDetailSchema,
  OperationAcceptedSchema,
  OperationSchema,
  StoreDetailSchema,
} from "@em/contracts";
import { TEST_ADMIN_PASSWORD, eventually, type HttpSession } from "@em/testkit";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCREENSHOT_DIR, submitLogin } from "../support/browser.js";
import { type ConsoleInBrowser, startConsoleInBrowser } from "../support/console-in-browser.js";
import type { LocalStack } from "../support/local-stack.js";

const REALMS = ["realm1", "realm2", "realm3"];
const SALES_PATH = "/clusters/demo/channels/%2Fsales";

async function screenshot(page: Page, name: string): Promise<void> {
  // From the top: a full-page shot of a scrolled page draws the sticky top bar mid-page.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Switches the theme with the console's own toggle and lets the colour transition finish. */
async function useTheme(page: Page, theme: "light" | "dark"): Promise<void> {
  const current = await page.evaluate(() => document.documentElement.dataset["theme"]);
  if (current !== theme) await page.getByTestId("theme-toggle").click();
  await page.waitForTimeout(300);
}

/** Cluster demo of three realms, made through the API: the wizard has its own browser test. */
async function createDemoCluster(admin: HttpSession): Promise<void> {
  await eventually("every realm online", async () => {
    const response = await admin.get("/api/realms");
    const { realms } = (await response.json()) as { realms: { status: string }[] };
    return realms.length === REALMS.length && realms.every((r) => r.status === "online");
  });
  const response = await admin.post("/api/clusters", { name: "demo", realms: REALMS });
  expect(response.status).toBe(202);
  const { operation } = OperationAcceptedSchema.parse(await response.json());
  const done = await eventually(
    "cluster demo created",
    async () => {
      const current = OperationSchema.parse(
        await (await admin.get(`/api/operations/${operation.id}`)).json(),
      );
      return current.status === "running" ? null : current;
    },
    60_000,
  );
  expect(done.status).toBe("succeeded");
  await eventually("demo healthy", async () => {
    const cluster = ClusterDetailSchema.parse(await (await admin.get("/api/clusters/demo")).json());
    return cluster.status === "healthy";
  });
}

describe("channels and queues in the console, in Chromium", () => {
  let running: ConsoleInBrowser | undefined;
  let stack: LocalStack;
  let admin: HttpSession;
  let page: Page;
  let consoleErrors: string[];

  beforeAll(async () => {
    running = await startConsoleInBrowser({
      name: "e2e-stores",
      realms: REALMS.length,
      clusterPorts: true,
      viewport: { width: 1440, height: 900 },
    });
    ({ stack, page, consoleErrors } = running);
    admin = await stack.adminApi.adminSession();
    await createDemoCluster(admin);
  }, 120_000);

  afterAll(async () => {
    await running?.[Symbol.asyncDispose]();
  });

  it("opens demo's channels from the cluster page: none yet, and says how to make one", async () => {
    await page.goto(`${stack.adminApi.url}/clusters/demo`);
    await submitLogin(page, "admin", TEST_ADMIN_PASSWORD);
    await page.getByTestId("cluster-channels").click();
    expect(new URL(page.url()).pathname).toBe("/clusters/demo/channels");
    const empty = page.getByTestId("stores-empty");
    await empty.waitFor({ timeout: 10_000 });
    expect(await empty.textContent()).toMatch(
      /No channels on cluster demo yet.*created on every member/s,
    );
    await screenshot(page, "stores-empty-light");
  });

  it("adds cluster channel /sales (persistent, TTL 1 h, capacity 10000), checking input as it is typed", async () => {
    await page.getByTestId("create-store-empty").click();
    expect(new URL(page.url()).pathname).toBe("/clusters/demo/new-channel");
    // simple is refused for cluster stores, so it is not offered.
    expect(await page.getByTestId("store-type-simple").count()).toBe(0);
    const name = page.getByTestId("store-name");
    await name.fill("/eu//sales");
    expect(await page.getByTestId("store-name-error").textContent()).toMatch(/empty folder/);
    await name.fill("/sales!");
    expect(await page.getByTestId("store-name-error").textContent()).toMatch(/only letters/);
    await name.fill("/sales");
    expect(await page.getByTestId("store-name-error").count()).toBe(0);

    await page.getByTestId("store-type-persistent").check();
    await page.getByTestId("store-ttl").fill("1");
    await page.getByTestId("store-ttl-unit").selectOption("h");
    await page.getByTestId("store-capacity").fill("2147483647");
    await page.getByTestId("store-capacity").blur();
    expect(await page.getByTestId("store-capacity-error").textContent()).toMatch(/at most/);
    await page.getByTestId("store-capacity").fill("10000");
    expect(await page.getByTestId("store-replicas").getAttribute("placeholder")).toBe("3");
    await screenshot(page, "store-create-light");

    await page.getByTestId("create-store-submit").click();
    await page.waitForURL((url) => url.pathname === SALES_PATH, { timeout: 15_000 });
    await page.getByTestId("store-ttl").waitFor({ timeout: 10_000 });
    expect(await page.getByTestId("store-title").textContent()).toBe("/sales");
    expect(await page.getByTestId("store-type").textContent()).toBe("persistent");
    expect(await page.getByTestId("store-ttl").textContent()).toBe("1 h");
    expect(await page.getByTestId("store-capacity").textContent()).toBe("10000");

    const stored = StoreDetailSchema.parse(
      await (await admin.get("/api/clusters/demo/channels/%2Fsales")).json(),
    );
    expect(stored).toMatchObject({ type: "persistent", ttlMs: 3_600_000, capacity: 10_000 });
  });

  it("publishes a test event from the console; the snoop panel shows it at EID 1", async () => {
    expect(await page.getByTestId("snoop-empty").textContent()).toMatch(/No events stored yet/);
    await page.getByTestId("publish-data").fill("hello from the console");
    await page.getByTestId("publish-add-property").click();
    await page.getByLabel("Property name").fill("region");
    await page.getByLabel("Property value").fill("eu");
    await page.getByTestId("publish-tag").fill("e2e");
    await page.getByTestId("publish-submit").click();
    const result = page.getByTestId("publish-result");
    await result.waitFor({ timeout: 10_000 });
    expect(await result.textContent()).toBe("Stored at EID 1");

    const event = page.getByTestId("event-1");
    await event.waitFor({ timeout: 10_000 });
    expect(await event.getByTestId("event-data").textContent()).toBe("hello from the console");
    expect(await event.getByTestId("event-data").getAttribute("data-encoding")).toBe("text");
    expect(await event.textContent()).toContain("region=eu");
    expect(await event.getByTestId("event-tag").textContent()).toBe("tag: e2e");
  });

  it("shows a replica of /sales on every member, all current, one leader", async () => {
    await page.waitForFunction(
      (realms) =>
        realms.every(
          (realm) =>
            document
              .querySelector(`[data-testid="replica-row-${realm}"]`)
              ?.getAttribute("data-current") === "true",
        ),
      REALMS,
      { timeout: 15_000 },
    );
    expect(await page.locator('[data-testid^="replica-row-"]').count()).toBe(3);
    expect(await page.getByTestId("leader-tag").count()).toBe(1);
    expect(await page.getByTestId("store-health").getAttribute("data-health")).toBe("ok");
    expect(await page.getByTestId("store-last-eid").textContent()).toBe("1");
    await screenshot(page, "store-detail-light");
    await useTheme(page, "dark");
    await screenshot(page, "store-detail-dark");
    await useTheme(page, "light");
  });

  it("live tail shows an event published elsewhere without a click; binary data shows as hex", async () => {
    await page.getByTestId("snoop-live-tail").check();
    const response = await admin.post("/api/clusters/demo/channels/%2Fsales/events", {
      data: "00ff10",
      encoding: "hex",
    });
    expect(response.status).toBe(201);
    const event = page.getByTestId("event-2");
    await event.waitFor({ timeout: 10_000 });
    expect(await event.getByTestId("event-data").getAttribute("data-encoding")).toBe("hex");
    expect(await event.getByTestId("event-data").textContent()).toBe("00 ff 10");
    await page.getByTestId("snoop-live-tail").uncheck();
    await screenshot(page, "store-snoop-light");
  });

  it("changes the TTL of /sales to 2 h in the attributes form", async () => {
    await page.getByTestId("store-edit").click();
    await page.locator("#edit-ttl").fill("2");
    await page.getByTestId("store-edit-save").click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="store-ttl"]')?.textContent === "2 h",
      undefined,
      { timeout: 10_000 },
    );
    const stored = StoreDetailSchema.parse(
      await (await admin.get("/api/clusters/demo/channels/%2Fsales")).json(),
    );
    expect(stored.ttlMs).toBe(7_200_000);
  });

  it("creates cluster queue /orders; browsing shows its event and consumes nothing", async () => {
    await page.getByRole("link", { name: "Channels" }).first().click();
    await page.getByTestId("tab-queues").click();
    expect(new URL(page.url()).pathname).toBe("/clusters/demo/queues");
    await page.getByTestId("create-store-empty").click();
    await page.getByTestId("store-name").fill("/orders");
    await page.getByTestId("create-store-submit").click();
    await page.waitForURL((url) => url.pathname === "/clusters/demo/queues/%2Forders", {
      timeout: 15_000,
    });
    await page.getByTestId("publish-data").fill("order 1");
    await page.getByTestId("publish-submit").click();
    expect(await page.getByTestId("publish-result").textContent()).toBe("Stored at EID 1");
    await page.getByTestId("event-1").waitFor({ timeout: 10_000 });
    await page.reload();
    await page.getByTestId("event-1").waitFor({ timeout: 10_000 });
    expect(await page.getByTestId("store-events").textContent()).toBe("1");
    // The queue's one shared consumer still owes the event: browsing took nothing.
    const consumer = page.getByTestId("consumer-row-um-queue");
    expect(await consumer.locator("td").first().textContent()).toBe("1");
    await screenshot(page, "store-queue-light");
  });

  it("groups channels into folders by '/' in the list", async () => {
    for (const name of ["/eu/de/orders", "/eu/fr/orders"]) {
      const response = await admin.post("/api/clusters/demo/channels", { name });
      expect(response.status, name).toBe(201);
    }
    await page.goto(`${stack.adminApi.url}/clusters/demo/channels`);
    await page.getByTestId("store-row-/sales").waitFor({ timeout: 10_000 });
    await page.getByTestId("folder-/eu/de").waitFor();
    expect(await page.getByTestId("store-total").textContent()).toMatch(/^3 channels/);
    await screenshot(page, "stores-list-light");
    await page.getByTestId("folder-/eu").click();
    await page.getByTestId("store-row-/eu/de/orders").waitFor({ state: "detached" });
    expect(await page.getByTestId("store-row-/sales").count()).toBe(1);

    await page.getByTestId("store-prefix").fill("/eu/");
    await page.waitForFunction(
      () => document.querySelector('[data-testid="store-total"]')?.textContent?.startsWith("2 "),
      undefined,
      { timeout: 10_000 },
    );
    expect(new URL(page.url()).searchParams.get("prefix")).toBe("/eu/");
    expect(await page.getByTestId("store-row-/sales").count()).toBe(0);
  });

  it("makes a realm-local simple channel on realm2 from its realm row; no replicas to show", async () => {
    await page.getByTestId("nav-realms").click();
    await page.getByTestId("realm-channels-realm2").click();
    expect(new URL(page.url()).pathname).toBe("/realms/realm2/channels");
    await page.getByTestId("stores-empty").waitFor({ timeout: 10_000 });
    await page.getByTestId("create-store-empty").click();
    expect(await page.getByTestId("store-replicas").count()).toBe(0);
    await page.getByTestId("store-name").fill("/local/cache");
    await page.getByTestId("store-type-simple").check();
    await page.getByTestId("create-store-submit").click();
    await page.waitForURL((url) => url.pathname === "/realms/realm2/channels/%2Flocal%2Fcache", {
      timeout: 15_000,
    });
    await page.getByTestId("store-type").waitFor({ timeout: 10_000 });
    expect(await page.getByTestId("store-type").textContent()).toBe("simple");
    expect(await page.getByTestId("replica-table").count()).toBe(0);
    await screenshot(page, "store-local-light");
  });

  it("purges and deletes /sales after confirming", async () => {
    await page.goto(`${stack.adminApi.url}${SALES_PATH}`);
    await page.getByTestId("store-purge").click();
    await page.getByTestId("store-purge-dialog-confirm").click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="store-events"]')?.textContent === "0",
      undefined,
      { timeout: 10_000 },
    );
    await page.getByTestId("store-delete").click();
    await page.getByTestId("store-delete-dialog-confirm").click();
    await page.waitForURL((url) => url.pathname === "/clusters/demo/channels", {
      timeout: 10_000,
    });
    await page.getByTestId("store-row-/eu/fr/orders").waitFor({ timeout: 10_000 });
    expect(await page.getByTestId("store-row-/sales").count()).toBe(0);
    expect(consoleErrors.filter((text) => !text.includes("401"))).toEqual([]);
  });
});
