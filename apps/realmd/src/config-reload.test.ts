import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { freePorts, natsServerBin, tempDir } from "@em/testkit";
import { describe, expect, it } from "vitest";
import { readLoadedConfig, waitForReload } from "./config-reload.js";

describe("config reload", () => {
  it("counts a reload only once the realm shows a newer config with the expected routes", async () => {
    await using dir = await tempDir("config-reload");
    const [port, monitorPort] = await freePorts(2);
    const configPath = join(dir.path, "nats.conf");
    await writeFile(configPath, `listen: "127.0.0.1:${port}"\nhttp: "127.0.0.1:${monitorPort}"\n`);
    const child = spawn(natsServerBin(), ["-c", configPath], { stdio: "ignore" });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    try {
      let before = await readLoadedConfig(monitorPort ?? 0);
      for (let i = 0; before === null && i < 50; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        before = await readLoadedConfig(monitorPort ?? 0);
      }
      expect(before?.routes).toEqual([]);
      const loadedAt = before?.loadedAt ?? null;

      // No signal: nothing was reloaded, however long we look.
      expect(await waitForReload(monitorPort ?? 0, loadedAt, [], 300)).toBe(false);
      child.kill("SIGHUP");
      // Reloaded, but not with the routes asked for: not the reload we wanted.
      expect(
        await waitForReload(monitorPort ?? 0, loadedAt, ["nats-route://127.0.0.1:1"], 1_000),
      ).toBe(false);
      expect(await waitForReload(monitorPort ?? 0, loadedAt, [], 2_000)).toBe(true);
    } finally {
      child.kill("SIGKILL");
      await exited;
    }
  });
});
