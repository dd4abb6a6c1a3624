import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  API_ROUTES,
  DemoTrafficSchema,
  DrillListSchema,
  DrillSchema,
  REALMD_PATHS,
  RealmSummarySchema,
  StoreDetailSchema,
  apiPath,
  type Drill,
  type DrillAction,
  type RealmStatus,
} from "@em/contracts";
import { eventually } from "@em/testkit";
import {
  expectError,
  expectOk,
  startStoreTestStack,
  type StoreTestStack,
} from "../testing/store-test-stack.js";

// Drills against a real three-realm cluster with demo traffic running through the admin API:
// a graceful drill and a kill of the channel's leader. Stalls are printed, never asserted.

const CHANNEL = "/sales";
let stack: StoreTestStack;

async function channelLeader(): Promise<string> {
  return eventually(
    `${CHANNEL} led by a member with every replica current`,
    async () => {
      const response = await stack.admin.get(
        apiPath(API_ROUTES.clusterChannelGet.path, { name: "demo", channel: CHANNEL }),
      );
      if (response.status !== 200) return null;
      const store = StoreDetailSchema.parse(await response.json());
      const current = store.replicaStates.every((replica) => replica.current && !replica.offline);
      return store.leader && store.replicaStates.length === 3 && current ? store.leader : null;
    },
    30_000,
  );
}

async function realmStatus(name: string, status: RealmStatus): Promise<void> {
  await eventually(`${name} seen ${status}`, async () => {
    const realm = RealmSummarySchema.parse(
      await expectOk(await stack.admin.get(`/api/realms/${name}`)),
    );
    return realm.status === status;
  });
}

async function runDrill(realm: string, action: DrillAction): Promise<Drill> {
  const started = DrillSchema.parse(
    await expectOk(await stack.admin.post("/api/drills", { realm, action, observeMs: 3_000 }), 202),
  );
  expect(started.status).toBe("running");
  const drill = await eventually(
    `the ${action} drill of ${realm} to finish`,
    async () => {
      const current = DrillSchema.parse(
        await expectOk(await stack.admin.get(`/api/drills/${started.id}`)),
      );
      return current.status === "running" ? null : current;
    },
    60_000,
  );
  const steps = drill.steps.map(
    (s) =>
      `${s.name}: ${s.status} ${s.startedAt && s.finishedAt ? Date.parse(s.finishedAt) - Date.parse(s.startedAt) : "–"} ms ${s.message ?? ""}`,
  );
  console.log(steps.join("\n"));
  console.log(
    `${action} drill of ${realm}: stall p50 ${drill.report?.stallP50Ms} ms, max ${drill.report?.stallMaxMs} ms;`,
    JSON.stringify({ sessions: drill.report?.sessions, leadersMoved: drill.report?.leadersMoved }),
  );
  expect(drill.status, JSON.stringify(drill.steps)).toBe("succeeded");
  return drill;
}

function expectExactFailover(drill: Drill, leader: string): void {
  const report = drill.report;
  expect(report).not.toBeNull();
  if (!report) return;
  expect(report.sessions.length).toBeGreaterThan(0);
  expect(report.sessions.every((s) => s.from === leader)).toBe(true);
  expect(report.lost).toBe(0);
  expect(report.duplicated).toBe(0);
  expect(report.leadersMoved).toContainEqual(
    expect.objectContaining({ store: CHANNEL, from: leader }),
  );
  expect(report.quorumHeld).toBe(true);
  expect(report.stallMaxMs).not.toBeNull();
}

beforeAll(async () => {
  stack = await startStoreTestStack("drills");
  await expectOk(
    await stack.admin.post(apiPath(API_ROUTES.clusterChannelCreate.path, { name: "demo" }), {
      name: CHANNEL,
    }),
    201,
  );
}, 90_000);

afterAll(async () => {
  await stack?.close();
});

describe("demo traffic", () => {
  test("refuses an unknown cluster and an unknown channel, naming them", async () => {
    const cluster = await expectError(
      await stack.admin.post("/api/demo-traffic", { cluster: "nowhere", channel: CHANNEL }),
      404,
      "NOT_FOUND",
    );
    expect(cluster.message).toContain("nowhere");
    const channel = await expectError(
      await stack.admin.post("/api/demo-traffic", { cluster: "demo", channel: "/missing" }),
      404,
      "NOT_FOUND",
    );
    expect(channel.message).toContain("/missing");
  });

  test("runs publisher and subscriber sessions spread over the members, once at a time", async () => {
    const started = DemoTrafficSchema.parse(
      await expectOk(
        await stack.admin.post("/api/demo-traffic", {
          cluster: "demo",
          channel: CHANNEL,
          publishers: 1,
          subscribers: 2,
          ratePerSecond: 20,
        }),
      ),
    );
    expect(started.sessions.map((s) => s.name).sort()).toEqual([
      "demo-pub-1",
      "demo-sub-1",
      "demo-sub-2",
    ]);
    expect(new Set(started.sessions.map((s) => s.realm)).size).toBe(3);
    const again = await expectError(
      await stack.admin.post("/api/demo-traffic", { cluster: "demo", channel: CHANNEL }),
      409,
      "CONFLICT",
    );
    expect(again.message).toContain("stop it first");
    await eventually("every subscriber received events", async () => {
      const status = DemoTrafficSchema.parse(
        await expectOk(await stack.admin.get("/api/demo-traffic")),
      );
      return status.sessions.every((s) => s.events >= 5);
    });
  });
});

describe("drills", () => {
  test("refuses an unknown realm and a second drill while one runs", async () => {
    await expectError(
      await stack.admin.post("/api/drills", { realm: "nowhere", action: "kill" }),
      404,
      "NOT_FOUND",
    );
    const first = DrillSchema.parse(
      await expectOk(
        await stack.admin.post("/api/drills", {
          realm: "solo",
          action: "restart",
          observeMs: 1_000,
        }),
        202,
      ),
    );
    const second = await expectError(
      await stack.admin.post("/api/drills", { realm: "realm1", action: "kill" }),
      409,
      "CONFLICT",
    );
    expect(second.message).toContain(first.id);
    const done = await eventually(
      "the solo restart drill to finish",
      async () => {
        const drill = DrillSchema.parse(
          await expectOk(await stack.admin.get(`/api/drills/${first.id}`)),
        );
        return drill.status === "running" ? null : drill;
      },
      60_000,
    );
    expect(done.status, JSON.stringify(done.steps)).toBe("succeeded");
    expect(done.cluster).toBeNull();
    expect(done.report?.quorumHeld).toBeNull();
  }, 70_000);

  test("refuses a realm that is offline, saying so", async () => {
    await stack.realmd.realmd.request("POST", REALMD_PATHS.realmAction("solo", "stop"));
    try {
      await realmStatus("solo", "offline");
      const refused = await expectError(
        await stack.admin.post("/api/drills", { realm: "solo", action: "kill" }),
        409,
        "INVALID_STATE",
      );
      expect(refused.message).toContain("offline");
    } finally {
      await stack.realmd.realmd.request("POST", REALMD_PATHS.realmAction("solo", "start"));
      await realmStatus("solo", "online");
    }
  });

  test("a drill whose realm cannot be started again fails, saying which step and that the realm may be down", async () => {
    const { ports } = await stack.realmd.hostedRealm("solo");
    const started = DrillSchema.parse(
      await expectOk(
        await stack.admin.post("/api/drills", { realm: "solo", action: "kill", observeMs: 3_000 }),
        202,
      ),
    );
    // Someone else takes the realm's client port while it is down.
    await realmStatus("solo", "offline");
    const squatter = createServer();
    await new Promise<void>((resolve, reject) => {
      squatter.once("error", reject);
      squatter.listen(ports.nsp, "127.0.0.1", resolve);
    });
    try {
      const failed = await eventually(
        "the solo kill drill to finish",
        async () => {
          const drill = DrillSchema.parse(
            await expectOk(await stack.admin.get(`/api/drills/${started.id}`)),
          );
          return drill.status === "running" ? null : drill;
        },
        60_000,
      );
      expect(failed.status).toBe("failed");
      expect(failed.steps.find((s) => s.status === "failed")?.name).toBe("bring solo back");
      expect(failed.error?.message).toContain("may still be down");
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
      await stack.realmd.realmd.request("POST", REALMD_PATHS.realmAction("solo", "start"));
      await realmStatus("solo", "online");
    }
  }, 70_000);

  test("a graceful drill of the channel's leader moves its sessions with nothing lost or doubled", async () => {
    const leader = await channelLeader();
    const drill = await runDrill(leader, "graceful");
    expect(drill.steps.map((s) => s.status)).not.toContain("failed");
    expectExactFailover(drill, leader);
  }, 90_000);

  test("a kill drill of the channel's leader moves its sessions with nothing lost or doubled", async () => {
    const leader = await channelLeader();
    const drill = await runDrill(leader, "kill");
    expectExactFailover(drill, leader);
    const listed = DrillListSchema.parse(await expectOk(await stack.admin.get("/api/drills")));
    expect(listed.drills[0]?.id).toBe(drill.id);
    const status = DemoTrafficSchema.parse(
      await expectOk(await stack.admin.delete("/api/demo-traffic")),
    );
    expect(status.running).toBe(false);
    expect(status.sessions.every((s) => s.lost === 0 && s.duplicated === 0)).toBe(true);
  }, 90_000);
});
