import type { ClusterMember } from "@em/contracts";
import { describe, expect, it } from "vitest";
import { layoutTopology } from "./topology-layout.js";

const member = (
  realm: string,
  state: ClusterMember["state"],
  sees: string[] | null,
): ClusterMember => ({
  realm,
  hostName: "local",
  state,
  view: sees === null ? null : { master: "realm1", sees },
});

describe("topology layout", () => {
  it("places members on a circle, the first at the top, and marks the master", () => {
    const { nodes } = layoutTopology(
      [
        member("realm1", "master", ["realm2", "realm3", "realm4"]),
        member("realm2", "member", ["realm1", "realm3", "realm4"]),
        member("realm3", "member", ["realm1", "realm2", "realm4"]),
        member("realm4", "member", ["realm1", "realm2", "realm3"]),
      ],
      { cx: 100, cy: 100, radius: 50 },
    );
    expect(nodes.map(({ x, y }) => [x, y])).toEqual([
      [100, 50],
      [150, 100],
      [100, 150],
      [50, 100],
    ]);
    expect(nodes.filter((n) => n.master).map((n) => n.realm)).toEqual(["realm1"]);
  });

  it("rates each route by who sees whom", () => {
    const { edges } = layoutTopology(
      [
        member("realm1", "master", ["realm2", "realm3"]),
        member("realm2", "member", ["realm1"]),
        member("realm3", "offline", null),
      ],
      { cx: 0, cy: 0, radius: 10 },
    );
    expect(edges).toEqual([
      { a: "realm1", b: "realm2", status: "up" },
      { a: "realm1", b: "realm3", status: "one-way" },
      { a: "realm2", b: "realm3", status: "down" },
    ]);
  });
});
