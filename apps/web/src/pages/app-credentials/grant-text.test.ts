import { AppPermissionsSchema } from "@em/contracts";
import { describe, expect, it } from "vitest";
import { describeGrant, grantList, grantTexts, permissionsInput } from "./grant-text.js";

describe("grant texts", () => {
  it("splits names on commas and whitespace, dropping empty ones", () => {
    expect(grantList(" /sales,/orders ,, /eu/de\n/x ")).toEqual([
      "/sales",
      "/orders",
      "/eu/de",
      "/x",
    ]);
    expect(grantList("   ")).toEqual([]);
  });

  it("round-trips a credential's permissions through the form", () => {
    const permissions = AppPermissionsSchema.parse({
      publishChannels: ["/sales", "/orders"],
      consumeQueues: ["*"],
    });
    expect(AppPermissionsSchema.parse(permissionsInput(grantTexts(permissions)))).toEqual(
      permissions,
    );
  });

  it("leaves a bad name for the schema to name", () => {
    const parsed = AppPermissionsSchema.safeParse(
      permissionsInput({
        publishChannels: "/ok, bad//name",
        subscribeChannels: "",
        pushQueues: "",
        consumeQueues: "",
      }),
    );
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path[0]).toBe("publishChannels");
  });

  it("describes none, every one and a list", () => {
    expect(describeGrant([])).toBe("none");
    expect(describeGrant(["*"])).toBe("every one");
    expect(describeGrant(["/a", "/b"])).toBe("/a, /b");
  });
});
