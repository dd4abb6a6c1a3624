import { describe, expect, it } from "vitest";
import { CAPACITY_MAX, CreateStoreSchema, UpdateStoreSchema, storeTypeRefusal } from "./store.js";

describe("CreateStoreSchema", () => {
  it("fills UM's defaults: persistent, kept forever, unlimited", () => {
    expect(CreateStoreSchema.parse({ name: "/sales" })).toEqual({
      name: "/sales",
      type: "persistent",
      ttlMs: 0,
      capacity: 0,
      honourCapacity: false,
    });
  });

  it.each([
    [{ name: "/s", ttlMs: -1 }, "ttlMs", /0 \(keep forever\) or more/],
    [{ name: "/s", capacity: CAPACITY_MAX + 1 }, "capacity", /at most 2147483646/],
    [{ name: "/s", replicas: 6 }, "replicas", /at most 5/],
    [{ name: "/s", type: "durable" }, "type", /./],
    [{ name: "/s", colour: "red" }, "", /colour/],
  ])("refuses %j at %s", (body, path, message) => {
    const result = CreateStoreSchema.safeParse(body);
    expect(result.success).toBe(false);
    const issue = result.error?.issues[0];
    expect(issue?.path.join(".")).toBe(path);
    expect(`${issue?.message} ${JSON.stringify(issue)}`).toMatch(message);
  });
});

describe("UpdateStoreSchema", () => {
  it("needs at least one attribute", () => {
    expect(UpdateStoreSchema.safeParse({}).error?.issues[0]?.message).toMatch(/at least one/);
    expect(UpdateStoreSchema.parse({ capacity: 5 })).toEqual({ capacity: 5 });
  });
});

describe("storeTypeRefusal", () => {
  it("refuses simple and transient on clusters, transient anywhere, as UM", () => {
    expect(storeTypeRefusal("cluster", "simple")).toMatch(/cannot be clustered/);
    expect(storeTypeRefusal("cluster", "transient")).toMatch(/not supported/);
    expect(storeTypeRefusal("local", "transient")).toMatch(/not supported/);
    expect(storeTypeRefusal("local", "simple")).toBeUndefined();
    expect(storeTypeRefusal("cluster", "persistent")).toBeUndefined();
  });
});
