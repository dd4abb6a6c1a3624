import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { MeSchema } from "@em/contracts";
import { startAdminApi, tempDir } from "@em/testkit";

describe("main (the admin-api process)", () => {
  it("prints a generated first password once, outside the logger; it logs in; SIGTERM exits cleanly", async () => {
    await using dir = await tempDir("main");
    const env = { EM_ADMIN_PASSWORD: "", EM_LOG_LEVEL: "info" };
    const first = await startAdminApi({ dataDir: dir.path, env });
    let password: string;
    try {
      const banner =
        first
          .output()
          .split("\n")
          .find((line) => line.startsWith("First login:")) ?? "";
      password = /password "([^"]+)"/.exec(banner)?.[1] ?? "";
      expect(password).not.toBe("");
      // Log lines are JSON from pino; the password appears in none of them.
      const logLines = first
        .output()
        .split("\n")
        .filter((line) => line.startsWith("{"));
      expect(logLines.length).toBeGreaterThan(0);
      for (const line of logLines) expect(line).not.toContain(password);

      const session = first.session();
      const response = await session.login("admin", password);
      expect(response.status).toBe(200);
      expect(MeSchema.parse(await response.json()).user).toEqual({
        username: "admin",
        role: "admin",
      });
    } finally {
      await first.stop();
    }
    expect(first.child.exitCode).toBe(0);

    const db = new BetterSqlite3(join(dir.path, "em.sqlite"), { readonly: true });
    const { password_hash: hash } = db.prepare("SELECT password_hash FROM users").get() as {
      password_hash: string;
    };
    db.close();
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(hash).not.toContain(password);

    const second = await startAdminApi({ dataDir: dir.path, env });
    try {
      expect(second.output()).not.toContain("First login");
      expect((await second.session().login("admin", password)).status).toBe(200);
    } finally {
      await second.stop();
    }
  });

  it("refuses to start with a bad configuration, naming the variable", async () => {
    await using dir = await tempDir("main");
    await expect(
      startAdminApi({ dataDir: dir.path, env: { EM_POLL_INTERVAL_MS: "soon" } }),
    ).rejects.toThrow(/EM_POLL_INTERVAL_MS/);
  });
});
