// @em/client says it works in the browser over WebSocket RNAMEs with the same API as in Node.
// This proves it in Chromium: a page bundled by Vite from the package's public API holds one
// session over three nhp:// realms of a real cluster, subscribes from EID 1 and publishes;
// the realm it is on is SIGKILLed mid-stream; then it consumes a queue. Times are printed, never
// asserted. The page's Origin (http://127.0.0.1:<port>) reaches the realms because realmd's
// websocket block sets neither same_origin nor allowed_origins: if it ever does, this fails.
import { join } from "node:path";
import { REALMD_PATHS, RealmCredentialsSchema, type StoreDetail } from "@em/contracts";
import { checkEventStream, describeEventStream, eventually, tempDir } from "@em/testkit";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../support/browser.js";
import { formCluster, ok, storeApi, type StoreApi } from "../support/cluster-stores.js";
import { startLocalStack, type LocalStack } from "../support/local-stack.js";
import { bundlePage, type ManifestChunk } from "../support/page-bundle.js";
import { serveStatic, type StaticServer } from "../support/static-server.js";
import type { CredentialsByPort, PageStatus } from "./sdk-browser-fixture/page-api.js";

const FIXTURE_DIR = join(import.meta.dirname, "sdk-browser-fixture");
const REALMS = ["realm1", "realm2", "realm3"];
const CLUSTER = "browser";
const CHANNEL = "/browser/orders";
const QUEUE = "/browser/jobs";
const QUEUE_EVENTS = 20;
/** Events published; the realm is killed once half of them are acknowledged. */
const EVENTS = 200;
/** Between two publishes: 200 events then take a few seconds, so the kill lands mid-stream. */
const PUBLISH_PAUSE_MS = 10;
/** Generous: a stream leader election on two loaded cores, then the rest of the stream. */
const RECOVERY_TIMEOUT_MS = 60_000;
/** Modules that must never reach a browser using only WebSocket RNAMEs. */
const NODE_ONLY_MODULE = /node_modules\/(@nats-io\/transport-node|ws)\//;

describe("@em/client in Chromium, over nhp:// (WebSocket) RNAMEs", () => {
  /** Undone in reverse order, also when start-up fails half way. */
  const cleanups: (() => PromiseLike<unknown>)[] = [];
  let stack: LocalStack;
  let channels: StoreApi;
  let queues: StoreApi;
  let manifest: Record<string, ManifestChunk>;
  let server: StaticServer;
  let browser: Browser;
  let page: Page;
  /** Uncaught errors in the page: any one fails the test. */
  const pageErrors: string[] = [];
  /** Chromium logs every refused WebSocket as a console error: printed, not failed on. */
  const consoleErrors: string[] = [];
  const rnames: string[] = [];
  const credentials: CredentialsByPort = {};

  /**
   * Starts a SIGKILLed realm again through realmd, once realmd has seen it die: a start while
   * realmd still counts the realm as running would do nothing.
   */
  async function startAgain(realm: string, killedPid: number): Promise<void> {
    await eventually(
      `realmd saw ${realm} die`,
      async () => (await stack.host.hostedRealm(realm)).process.state !== "running",
      RECOVERY_TIMEOUT_MS,
    );
    const response = await stack.host.realmd.request(
      "POST",
      REALMD_PATHS.realmAction(realm, "start"),
    );
    if (!response.ok)
      throw new Error(`start ${realm}: ${response.status} ${await response.text()}`);
    await eventually(
      `${realm} running again`,
      async () => {
        const { process } = await stack.host.hostedRealm(realm);
        return process.state === "running" && process.pid !== killedPid;
      },
      RECOVERY_TIMEOUT_MS,
    );
  }

  /** Every replica of the channel online and current, and a leader elected. */
  async function channelHealthy(): Promise<StoreDetail> {
    return eventually(
      `${CHANNEL} led and current on every realm`,
      async () => {
        const detail = ok(await channels.get(CHANNEL), `detail ${CHANNEL}`);
        return detail.leader &&
          detail.replicaStates.length === REALMS.length &&
          detail.replicaStates.every((replica) => replica.current && !replica.offline)
          ? detail
          : null;
      },
      RECOVERY_TIMEOUT_MS,
    );
  }

  const progress = () => page.evaluate(() => window.sdkPage.progress());

  beforeAll(async () => {
    const buildDir = await tempDir("e2e-sdk-browser");
    cleanups.push(async () => buildDir[Symbol.asyncDispose]());
    const pageDist = join(buildDir.path, "page");
    // Bundling takes a second; forming the cluster most of the start-up.
    const stackStarted = startLocalStack({ realms: REALMS.length, clusterPorts: true });
    stackStarted.then(
      (started) => cleanups.push(() => started[Symbol.asyncDispose]()),
      () => undefined,
    );
    [manifest, stack] = await Promise.all([bundlePage(FIXTURE_DIR, pageDist), stackStarted]);

    const admin = await stack.adminApi.adminSession();
    await formCluster(admin, CLUSTER, REALMS);
    channels = storeApi(admin, "cluster", CLUSTER, "channel");
    queues = storeApi(admin, "cluster", CLUSTER, "queue");
    ok(await channels.create({ name: CHANNEL }), `create ${CHANNEL}`);
    ok(await queues.create({ name: QUEUE }), `create ${QUEUE}`);
    for (const realm of REALMS) {
      const hosted = await stack.host.hostedRealm(realm);
      const { app } = RealmCredentialsSchema.parse(
        await (await stack.host.realmd.request("GET", REALMD_PATHS.realmCredentials(realm))).json(),
      );
      rnames.push(`nhp://127.0.0.1:${hosted.ports.nhp}`);
      credentials[hosted.ports.nhp] = { user: app.user, pass: app.password };
    }

    server = await serveStatic(pageDist);
    cleanups.push(() => server[Symbol.asyncDispose]());
    browser = await launchChromium();
    cleanups.push(() => browser.close());
    page = await browser.newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });
    await page.goto(server.url);
    await page.waitForFunction(() => window.sdkPage !== undefined);

    await channelHealthy();
    const realm = await page.evaluate(([list, byPort]) => window.sdkPage.connect(list, byPort), [
      rnames.join(","),
      credentials,
    ] as const);
    expect(realm, "the session starts on the first realm of its list").toBe(REALMS[0]);
  });

  afterAll(async () => {
    await page?.evaluate(() => window.sdkPage.close()).catch(() => undefined);
    for (const cleanup of cleanups.reverse()) {
      await Promise.resolve()
        .then(cleanup)
        .catch((error: unknown) => console.warn("cleanup failed:", error));
    }
  });

  it("bundle - the Node-only transports (transport-node, ws) sit in chunks the page never loads", () => {
    const nodeOnly = Object.values(manifest).filter((chunk) =>
      NODE_ONLY_MODULE.test(chunk.src ?? ""),
    );
    for (const chunk of nodeOnly)
      expect(chunk.isDynamicEntry, `${chunk.src} is only imported on demand`).toBe(true);
    // The session connected in beforeAll, so its transport has been chosen and loaded.
    const loaded = nodeOnly.filter((chunk) => server.requested.includes(`/${chunk.file}`));
    expect(loaded.map((chunk) => chunk.src)).toEqual([]);
  });

  it("session - its realm SIGKILLed mid-stream: reconnects to another realm, every event acknowledged and received once, in EID order", async () => {
    const { leader } = await channelHealthy();
    const victim = (await progress()).realm ?? "(no realm)";
    const killedPid = (await stack.host.hostedRealm(victim)).process.pid ?? 0;
    expect(killedPid, `${victim}'s pid`).toBeGreaterThan(0);

    await page.evaluate((channel) => window.sdkPage.subscribe(channel), CHANNEL);
    await page.evaluate(
      ([channel, count, pauseMs]) => window.sdkPage.startPublishing(channel, count, pauseMs),
      [CHANNEL, EVENTS, PUBLISH_PAUSE_MS] as const,
    );
    try {
      await eventually(
        `${EVENTS / 2} events acknowledged`,
        async () => (await progress()).acks.length >= EVENTS / 2,
        RECOVERY_TIMEOUT_MS,
      );
      const killedAtInPage = await page.evaluate(() => performance.now());
      const killedAfterAcks = (await progress()).acks.length;
      process.kill(killedPid, "SIGKILL");
      const killedAt = performance.now();

      await eventually(
        `all ${EVENTS} events acknowledged and received`,
        async () => {
          const seen = await progress();
          if (seen.errors.length > 0) throw new Error(`page: ${seen.errors.join("; ")}`);
          return seen.acks.length === EVENTS && seen.received.length >= EVENTS ? seen : null;
        },
        RECOVERY_TIMEOUT_MS,
      ).catch(async (error: unknown) => {
        const seen = await progress();
        throw new Error(
          `acks ${seen.acks.length}, received ${seen.received.length}, statuses ${JSON.stringify(seen.statuses)}, errors ${seen.errors.join("; ")}`,
          { cause: error },
        );
      });
      const recoveredIn = ((performance.now() - killedAt) / 1000).toFixed(1);
      // A late duplicate would show up now.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const final = await progress();

      const moves = failovers(final.statuses, killedAtInPage);
      const eids = checkEventStream(
        final.received.map(([eid]) => eid),
        { first: 1, last: EVENTS },
      );
      const numbers = checkEventStream(
        final.received.map(([, n]) => n),
        { first: 1, last: EVENTS },
      );
      console.log(
        `[sdk-in-browser] ${victim} SIGKILLed after ${killedAfterAcks} of ${EVENTS} acks ` +
          `(stream leader ${leader}); failovers ${moves}; ${final.acks.length} acknowledged, ` +
          `subscriber ${describeEventStream(eids)}; all done ${recoveredIn} s after the kill; ` +
          `console errors: ${consoleErrors.join(" | ") || "none"}`,
      );

      const disconnected = final.statuses.findIndex((status) => status.type === "disconnected");
      const reconnected = final.statuses.findIndex((status) => status.type === "reconnected");
      expect(final.statuses[disconnected], "disconnected from the killed realm").toMatchObject({
        realm: victim,
      });
      expect(reconnected, "reconnected after the disconnect").toBeGreaterThan(disconnected);
      expect(final.statuses[reconnected]).toMatchObject({ fromRealm: victim });
      expect(REALMS.filter((name) => name !== victim)).toContain(
        final.statuses[reconnected]?.realm,
      );
      expect(final.realm).toBe(final.statuses[reconnected]?.realm);
      // One publish in flight: publish order is EID order, each event stored once.
      expect(final.acks, "acknowledgements [EID, event]").toEqual(
        Array.from({ length: EVENTS }, (_, i) => [i + 1, i + 1]),
      );
      expect(eids.exact, `subscriber EIDs: ${describeEventStream(eids)}`).toBe(true);
      expect(numbers.exact, `subscriber events: ${describeEventStream(numbers)}`).toBe(true);
      expect(killedAfterAcks, "some events were acknowledged after the kill").toBeLessThan(EVENTS);
      expect(final.errors).toEqual([]);
      expect(pageErrors).toEqual([]);
    } finally {
      await startAgain(victim, killedPid).catch((error: unknown) =>
        console.warn(`starting ${victim} again failed:`, error),
      );
    }
  });

  it("queue - consume() in the browser: every pushed event handed to the handler and acknowledged once", async () => {
    await eventually(
      `${QUEUE} led and current on every realm`,
      async () => {
        const detail = ok(await queues.get(QUEUE), `detail ${QUEUE}`);
        return (
          Boolean(detail.leader) &&
          detail.replicaStates.length === REALMS.length &&
          detail.replicaStates.every((replica) => replica.current && !replica.offline)
        );
      },
      RECOVERY_TIMEOUT_MS,
    );
    await page.evaluate(([queue, count]) => window.sdkPage.startQueue(queue, count), [
      QUEUE,
      QUEUE_EVENTS,
    ] as const);
    const acked = await eventually(
      `${QUEUE_EVENTS} queue events acknowledged in the page`,
      async () => {
        const seen = await progress();
        if (seen.errors.length > 0) throw new Error(`page: ${seen.errors.join("; ")}`);
        return seen.queueAcked.length >= QUEUE_EVENTS ? seen.queueAcked : null;
      },
      RECOVERY_TIMEOUT_MS,
    ).catch(async (error: unknown) => {
      const seen = await progress();
      throw new Error(
        `queue events acknowledged: ${seen.queueAcked.length}; page errors ${pageErrors.join("; ")}`,
        {
          cause: error,
        },
      );
    });
    const stream = checkEventStream(acked, { first: 1, last: QUEUE_EVENTS });
    expect(stream.missing, describeEventStream(stream)).toEqual([]);
    expect(stream.duplicated, describeEventStream(stream)).toEqual([]);
    await eventually(
      `${QUEUE} empty`,
      async () => ok(await queues.get(QUEUE), `detail ${QUEUE}`).events === 0,
      RECOVERY_TIMEOUT_MS,
    );
    expect(pageErrors).toEqual([]);
  });
});

/** "realm1 → realm2 (left 3 ms after the kill, stall 412 ms)" for every failover the page saw. */
function failovers(statuses: PageStatus[], killedAt: number): string {
  let leftAt: number | undefined;
  const moves: string[] = [];
  for (const status of statuses) {
    if (status.type === "disconnected") leftAt = status.at;
    if (status.type !== "reconnected") continue;
    const left =
      leftAt === undefined ? "" : `left ${(leftAt - killedAt).toFixed(0)} ms after the kill, `;
    moves.push(`${status.fromRealm} → ${status.realm} (${left}stall ${status.stallMs} ms)`);
  }
  return moves.length ? moves.join(", ") : "none";
}
