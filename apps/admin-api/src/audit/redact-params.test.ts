import { describe, expect, it } from "vitest";
import { AUDIT_PARAMS_MAX_CHARS, redactParams } from "./redact-params.js";

describe("redactParams", () => {
  it("replaces secrets under any key spelling, at any depth, in lists too", () => {
    expect(
      redactParams(
        {
          username: "vera",
          Password: "p1",
          currentPassword: "p2",
          new_password: "p3",
          realm: { auth: { TOKEN: "t1", "client-secret": "s1", nkeySeed: "SU…" } },
          users: [{ name: "app", credentials: { user: "u", pass: "x" } }],
        },
        { Authorization: "Bearer abc", cookie: "em_session=abc" },
      ),
    ).toEqual({
      body: {
        username: "vera",
        Password: "[redacted]",
        currentPassword: "[redacted]",
        new_password: "[redacted]",
        realm: {
          auth: { TOKEN: "[redacted]", "client-secret": "[redacted]", nkeySeed: "[redacted]" },
        },
        users: [{ name: "app", credentials: "[redacted]" }],
      },
      query: { Authorization: "[redacted]", cookie: "[redacted]" },
    });
  });

  it("keeps only the length of a test event's data, and shortens long strings", () => {
    const params = redactParams({ data: "x".repeat(1_000_000), tag: "y".repeat(300) }, {}) as {
      body: { data: string; tag: string };
    };
    expect(params.body.data).toBe("[1000000 characters]");
    expect(params.body.tag).toMatch(/^y{256}… \[300 characters\]$/);
  });

  it("cuts the whole to 4 KiB and says so", () => {
    const properties = Object.fromEntries(
      Array.from({ length: 40 }, (_, i) => [`p${i}`, '"'.repeat(200)]),
    );
    const params = redactParams({ properties }, undefined) as Record<string, unknown>;
    expect(params).toMatchObject({ truncated: true });
    expect(JSON.stringify(params).length).toBeLessThanOrEqual(AUDIT_PARAMS_MAX_CHARS);
    expect(String(params["prefix"])).toMatch(/^\{"body":\{"properties":/);
  });

  it("is null when nothing was sent", () => {
    expect(redactParams(undefined, {})).toBeNull();
    expect(redactParams({}, {})).toBeNull();
  });
});
