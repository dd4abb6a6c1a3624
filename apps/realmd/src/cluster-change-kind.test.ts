import type { RealmClusterConfig } from "@em/contracts";
import { describe, expect, it } from "vitest";
import { clusterChangeKind } from "./cluster-change-kind.js";

const cluster: RealmClusterConfig = {
  name: "t1",
  port: 6222,
  routes: ["nats-route://127.0.0.1:6223", "nats-route://127.0.0.1:6224"],
};

describe("cluster change kind", () => {
  it("restarts to join, leave, rename or move the route port", () => {
    expect(clusterChangeKind(null, cluster)).toBe("restart");
    expect(clusterChangeKind(cluster, null)).toBe("restart");
    expect(clusterChangeKind(cluster, { ...cluster, name: "t2" })).toBe("restart");
    expect(clusterChangeKind(cluster, { ...cluster, port: 6225 })).toBe("restart");
  });

  it("reloads when only routes change, whatever their order", () => {
    expect(
      clusterChangeKind(cluster, { ...cluster, routes: ["nats-route://127.0.0.1:6223"] }),
    ).toBe("reload");
    expect(clusterChangeKind(cluster, { ...cluster, routes: [...cluster.routes].reverse() })).toBe(
      "unchanged",
    );
    expect(clusterChangeKind(null, null)).toBe("unchanged");
  });
});
