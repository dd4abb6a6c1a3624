import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClusterHistorySchema, type ClusterHistory } from "@em/contracts";
import { eventually, type HttpSession } from "@em/testkit";
import { openDatabase } from "../database.js";
import { hashPassword } from "../password.js";
import {
  CLUSTER_REALMS,
  expectError,
  expectOk,
  segment,
  startStoreTestStack,
  type StoreTestStack,
} from "../testing/store-test-stack.js";
import { UserStore } from "../user-store.js";

/** The last known replica lag of a series (a sample's lag is null while it is unknown). */
const latestLag = (samples: ClusterHistory["realms"][number]["samples"]) =>
  samples.findLast((s) => s.replicaLag !== null)?.replicaLag;

describe("cluster history on real realms", () => {
  let stack: StoreTestStack;
  let admin: HttpSession;

  const history = async (session: HttpSession, minutes = 60): Promise<ClusterHistory> =>
    ClusterHistorySchema.parse(
      await expectOk(await session.get(`/api/clusters/demo/history?minutes=${minutes}`)),
    );

  beforeAll(async () => {
    stack = await startStoreTestStack("history");
    admin = stack.admin;
  });

  afterAll(async () => {
    await stack?.close();
  });

  it("samples accumulate for every member, and published counts the events stored", async () => {
    await expectOk(
      await admin.post("/api/clusters/demo/channels", { name: "/history", type: "persistent" }),
      201,
    );
    // The history has listed the cluster once (the lag is known): the events below are growth.
    await eventually(
      "the channel listed by the history",
      async () => {
        const before = await history(admin);
        return before.realms.every((r) => r.samples.some((s) => s.replicaLag !== null));
      },
      30_000,
    );
    for (let i = 0; i < 5; i++) {
      await expectOk(
        await admin.post(`/api/clusters/demo/channels/${segment("/history")}/events`, {
          data: `event ${i}`,
        }),
        201,
      );
    }

    const result = await eventually(
      "samples and the published events",
      async () => {
        const current = await history(admin, 5);
        const everyMemberSampled = current.realms.every((r) => r.samples.length >= 3);
        // Replicas catch up within moments of the last publish.
        const caughtUp = current.realms.every((r) => latestLag(r.samples) === 0);
        return everyMemberSampled && caughtUp && current.summary.published === 5 ? current : false;
      },
      30_000,
    );
    expect(result.cluster).toBe("demo");
    expect(result.realms.map((r) => r.realm).sort()).toEqual(CLUSTER_REALMS);
    for (const series of result.realms) {
      const times = series.samples.map((s) => Date.parse(s.at));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(times[0]).toBeGreaterThanOrEqual(Date.parse(result.from));
    }
    // Published events were delivered to the members' clients (at least the acks).
    expect(result.summary.consumed).toBeGreaterThan(0);
    expect(result.summary.publishedPerSecond).toBeGreaterThan(0);
  });

  it("refuses an unknown cluster with a 404 naming it", async () => {
    const error = await expectError(
      await admin.get("/api/clusters/nope/history"),
      404,
      "NOT_FOUND",
    );
    expect(error.message).toContain('"nope"');
  });

  it("refuses a window outside 1–60 minutes", async () => {
    await expectError(await admin.get("/api/clusters/demo/history?minutes=61"), 400, "VALIDATION");
  });

  it("a viewer can read a cluster's history", async () => {
    const db = openDatabase(stack.api.dataDir);
    new UserStore(db).create({
      username: "vic",
      role: "viewer",
      passwordHash: await hashPassword("viewer-pw-1"),
    });
    db.close();
    const viewer = stack.api.session();
    expect((await viewer.login("vic", "viewer-pw-1")).status).toBe(200);
    expect((await history(viewer)).cluster).toBe("demo");
  });
});
