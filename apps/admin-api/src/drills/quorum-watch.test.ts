import { describe, expect, test } from "vitest";
import type { ClusterState } from "../cluster-state.js";
import { QuorumWatch } from "./quorum-watch.js";

/** A cluster state with only what the watch reads. */
const state = (master: string | null, held = true) =>
  ({ master, quorum: { online: held ? 2 : 1, total: 3, needed: 2, held } }) as ClusterState;

/** A watch that samples only when told: once at start, once at stop. */
function watch(states: ClusterState[]) {
  let index = 0;
  return new QuorumWatch(() => states[Math.min(index++, states.length - 1)], 3_600_000);
}

describe("QuorumWatch", () => {
  test("holds through an election that ends with a new master", () => {
    const seen = watch([state(null), state("realm2")]).stop();
    expect(seen.held).toBe(true);
    expect(seen.masters).toEqual(["realm2"]);
  });

  test("names every master seen, in order", () => {
    const seen = watch([state("realm1"), state("realm3")]).stop();
    expect(seen).toMatchObject({
      held: true,
      masters: ["realm1", "realm3"],
      longestMasterlessMs: 0,
    });
  });

  test("is lost when too few members were up at some point", () => {
    expect(watch([state("realm1", false), state("realm1")]).stop().held).toBe(false);
  });

  test("is lost when the cluster has no master at the end", () => {
    expect(watch([state("realm1"), state(null)]).stop().held).toBe(false);
  });
});
