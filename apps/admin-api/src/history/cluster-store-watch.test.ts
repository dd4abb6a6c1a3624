import { describe, expect, it } from "vitest";
import { pino } from "pino";
import type { ScopeCaller } from "../stores/scope-caller.js";
import type { ScopeResolver } from "../stores/store-scope.js";
import { ClusterStoreWatch, LAG_FRESH_MS } from "./cluster-store-watch.js";
import type { ListedStore } from "./store-growth.js";

const MEMBERS = ["realm1", "realm2"];

function channel(lastEid: number, lagOnRealm2: number): ListedStore {
  return {
    name: "/sales",
    events: lastEid,
    lastEid,
    pinnedRealm: null,
    replicaStates: [
      { realm: "realm1", leader: true, current: true, lag: 0, lastSeenMs: null, offline: false },
      {
        realm: "realm2",
        leader: false,
        current: false,
        lag: lagOnRealm2,
        lastSeenMs: null,
        offline: false,
      },
    ],
  };
}

/** A watch over cluster `demo` whose listings answer `answer()`, on a clock the test moves. */
function watchWith(answer: () => Promise<ListedStore[]>) {
  const clock = { nowMs: 1_000_000 };
  const watch = new ClusterStoreWatch({
    resolver: { resolve: () => Promise.resolve({}) } as unknown as ScopeResolver,
    caller: { call: () => answer() } as unknown as ScopeCaller,
    pollIntervalMs: 1_000,
    logger: pino({ level: "silent" }),
    now: () => clock.nowMs,
  });
  const round = async () => {
    watch.tick([{ name: "demo", members: MEMBERS }]);
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { watch, clock, round };
}

describe("cluster store watch", () => {
  it("reports each member's largest replica lag, 0 for a member with nothing behind", async () => {
    const { watch, round } = watchWith(() => Promise.resolve([channel(10, 4), channel(10, 9)]));
    await round();
    expect(watch.lagOf("realm1")).toBe(0);
    expect(watch.lagOf("realm2")).toBe(9);
    expect(watch.lagOf("elsewhere")).toBeNull();
  });

  it("forgets the lag once the cluster has not been listed for a while", async () => {
    let fail = false;
    const { watch, clock, round } = watchWith(() =>
      fail ? Promise.reject(new Error("no quorum")) : Promise.resolve([channel(10, 3)]),
    );
    await round();
    fail = true;
    for (let elapsed = 0; elapsed <= LAG_FRESH_MS; elapsed += 1_000) {
      clock.nowMs += 1_000;
      await round();
    }
    expect(watch.lagOf("realm2")).toBeNull();
  });

  it("counts the events published between listings, the first listing being the baseline", async () => {
    let lastEid = 100;
    const { watch, clock, round } = watchWith(() => Promise.resolve([channel(lastEid, 0)]));
    await round();
    expect(watch.takeGrowth()).toEqual([]);
    lastEid = 142;
    clock.nowMs += 1_000;
    await round();
    expect(watch.takeGrowth()).toEqual([
      { cluster: "demo", at: clock.nowMs, since: clock.nowMs - 1_000, published: 42 },
    ]);
  });
});
