import { describe, expect, test } from "vitest";
import { assertHandoverPossible } from "./graceful-handover.js";
import type { StoreLeader } from "./leader-view.js";

const store = (leader: string, currentFollowers: string[], replicas = 3): StoreLeader => ({
  stream: "UM_x",
  leader,
  replicas,
  currentFollowers,
});

describe("assertHandoverPossible", () => {
  test("names the followers ready to take each store the realm leads, and only those", () => {
    const ready = assertHandoverPossible(
      "realm1",
      new Map([
        ["/sales", store("realm1", ["realm2", "realm3"])],
        ["/jobs", store("realm2", ["realm1"])],
        ["/local", store("realm1", [], 1)],
      ]),
    );
    expect(ready).toEqual(["/sales → realm2 or realm3"]);
  });

  test("refuses when a store the realm leads has no follower caught up", () => {
    expect(() =>
      assertHandoverPossible("realm1", new Map([["/sales", store("realm1", [])]])),
    ).toThrow(/\/sales has no follower caught up/);
  });
});
