import { describe, expect, it } from "vitest";
import { parseRoute, routePath, type Route } from "./router.js";

describe("router", () => {
  it("maps paths to pages and back", () => {
    expect(parseRoute("/")).toEqual({ page: "realms" });
    expect(parseRoute("/clusters/")).toEqual({ page: "clusters" });
    expect(parseRoute("/clusters/_new")).toEqual({ page: "create-cluster" });
    expect(parseRoute("/clusters/new")).toEqual({ page: "cluster", name: "new" });
    expect(parseRoute("/clusters/demo")).toEqual({ page: "cluster", name: "demo" });
    expect(parseRoute("/nope")).toEqual({ page: "not-found", path: "/nope" });
    expect(routePath({ page: "cluster", name: "a b" })).toBe("/clusters/a%20b");
    expect(parseRoute(routePath({ page: "cluster", name: "a b" }))).toEqual({
      page: "cluster",
      name: "a b",
    });
  });

  it("maps a cluster's and a realm's channel and queue lists and create forms", () => {
    expect(parseRoute("/clusters/demo/channels")).toEqual({
      page: "stores",
      owner: "cluster",
      name: "demo",
      kind: "channel",
    });
    expect(parseRoute("/realms/realm2/queues/")).toEqual({
      page: "stores",
      owner: "realm",
      name: "realm2",
      kind: "queue",
    });
    expect(parseRoute("/clusters/demo/new-queue")).toEqual({
      page: "create-store",
      owner: "cluster",
      name: "demo",
      kind: "queue",
    });
    expect(parseRoute("/clusters/demo/topics")).toEqual({
      page: "not-found",
      path: "/clusters/demo/topics",
    });
  });

  it("carries a UM name with '/' and '#' as one encoded segment, both ways", () => {
    const routes: Route[] = [
      { page: "store", owner: "cluster", name: "demo", kind: "channel", store: "/sales" },
      { page: "store", owner: "cluster", name: "demo", kind: "queue", store: "/eu/de/orders#1" },
      { page: "store", owner: "realm", name: "realm2", kind: "channel", store: "new" },
      { page: "store", owner: "realm", name: "realm2", kind: "queue", store: "a-b_c" },
      { page: "stores", owner: "realm", name: "realm1", kind: "channel" },
      { page: "create-store", owner: "realm", name: "realm1", kind: "channel" },
    ];
    for (const route of routes) expect(parseRoute(routePath(route))).toEqual(route);
    expect(routePath(routes[0] as Route)).toBe("/clusters/demo/channels/%2Fsales");
    expect(routePath(routes[1] as Route)).toBe("/clusters/demo/queues/%2Feu%2Fde%2Forders%231");
  });

  it("treats a path with a raw '/' inside a store name, or a broken escape, as not found", () => {
    expect(parseRoute("/clusters/demo/channels/eu/sales").page).toBe("not-found");
    expect(parseRoute("/clusters/demo/channels/%E0%A4%A").page).toBe("not-found");
  });

  it("maps the pages of watching failover live, names encoded as one segment", () => {
    const routes: Route[] = [
      { page: "cluster-live", name: "demo" },
      { page: "sessions" },
      { page: "session", session: "orders/sub 1" },
      { page: "realm-connections", name: "realm2" },
      { page: "drills" },
      { page: "drill", id: "d-42" },
    ];
    for (const route of routes) expect(parseRoute(routePath(route))).toEqual(route);
    expect(routePath({ page: "session", session: "a/b" })).toBe("/sessions/a%2Fb");
    expect(parseRoute("/clusters/demo/live/")).toEqual({ page: "cluster-live", name: "demo" });
    expect(parseRoute("/realms/realm2/connections")).toEqual({
      page: "realm-connections",
      name: "realm2",
    });
  });
});
