import { describe, expect, it } from "vitest";
import { tempDir } from "@em/testkit";
import { openDatabase } from "./database.js";
import { ensureFirstAdmin } from "./first-admin.js";
import { verifyPassword } from "./password.js";
import { UserStore } from "./user-store.js";

describe("first admin", () => {
  it("generates a strong password, prints it once and stores only its argon2id hash", async () => {
    await using dir = await tempDir("first-admin");
    const db = openDatabase(dir.path);
    try {
      const users = new UserStore(db);
      const printed: string[] = [];
      expect(await ensureFirstAdmin(users, undefined, (line) => printed.push(line))).toBe(true);
      expect(printed).toHaveLength(1);
      const password = /password "([^"]+)"/.exec(printed[0] ?? "")?.[1] ?? "";
      expect(password.length).toBeGreaterThanOrEqual(20);
      expect(printed[0]).toContain('user "admin"');

      const admin = users.findByUsername("admin");
      expect(admin?.role).toBe("admin");
      expect(admin?.passwordHash).toMatch(/^\$argon2id\$/);
      expect(admin?.passwordHash).not.toContain(password);
      expect(await verifyPassword(admin?.passwordHash ?? "", password)).toBe(true);
      const row = db.prepare("SELECT * FROM users").get();
      expect(JSON.stringify(row)).not.toContain(password);

      expect(await ensureFirstAdmin(users, undefined, (line) => printed.push(line))).toBe(false);
      expect(printed).toHaveLength(1);
    } finally {
      db.close();
    }
  });

  it("uses the configured password and prints nothing", async () => {
    await using dir = await tempDir("first-admin");
    const db = openDatabase(dir.path);
    try {
      const users = new UserStore(db);
      const printed: string[] = [];
      await ensureFirstAdmin(users, "chosen-password-1", (line) => printed.push(line));
      expect(printed).toEqual([]);
      expect(
        await verifyPassword(
          users.findByUsername("admin")?.passwordHash ?? "",
          "chosen-password-1",
        ),
      ).toBe(true);
    } finally {
      db.close();
    }
  });
});
