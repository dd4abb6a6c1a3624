import { describe, expect, it } from "vitest";
import { CreateRealmSchema, RealmNameSchema, formatRname } from "./realm.js";

describe("RealmNameSchema", () => {
  it.each(["realm1", "R", "eu-west_2", "a".repeat(64)])("accepts %s", (name) => {
    expect(RealmNameSchema.safeParse(name).success).toBe(true);
  });

  it.each(["", "1realm", "realm 1", "realm/1", "../etc", "a".repeat(65), "réalm"])(
    "refuses %j",
    (name) => {
      expect(RealmNameSchema.safeParse(name).success).toBe(false);
    },
  );
});

describe("CreateRealmSchema", () => {
  it("starts the realm by default", () => {
    const parsed = CreateRealmSchema.parse({
      hostId: "h1",
      name: "realm4",
      nspPort: 9030,
      nhpPort: 9031,
      monitorPort: 9032,
    });
    expect(parsed.start).toBe(true);
  });

  it("refuses privileged and out-of-range ports with a message saying the range", () => {
    const parsed = CreateRealmSchema.safeParse({
      hostId: "h1",
      name: "realm4",
      nspPort: 80,
      nhpPort: 70000,
      monitorPort: 9032.5,
    });
    expect(parsed.success).toBe(false);
    const messages = parsed.error?.issues.map((issue) => issue.message) ?? [];
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining("1024-65535") as string,
        expect.stringContaining("at most 65535") as string,
        expect.stringContaining("whole number") as string,
      ]),
    );
  });
});

describe("formatRname", () => {
  it("formats UM RNAMEs, bracketing IPv6 hosts", () => {
    expect(formatRname("nsp", "127.0.0.1", 9000)).toBe("nsp://127.0.0.1:9000");
    expect(formatRname("nhp", "::1", 9001)).toBe("nhp://[::1]:9001");
  });
});
