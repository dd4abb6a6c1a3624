import { describe, expect, it } from "vitest";
import { parseRoute, routePath } from "./router.js";

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
});
