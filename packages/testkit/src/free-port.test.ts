import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { freePort, freePorts } from "./free-port.js";
import { tempDir } from "./temp-dir.js";

describe("freePorts", () => {
  it("returns distinct ports that can be bound on loopback", async () => {
    const ports = await freePorts(3);
    expect(new Set(ports).size).toBe(3);
    for (const port of ports) {
      const server = createServer();
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, "127.0.0.1", resolve);
      });
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("never hands out a port twice in one process, though each is released at once", async () => {
    const ports: number[] = [];
    for (let i = 0; i < 200; i++) ports.push(await freePort());
    expect(new Set(ports).size).toBe(200);
  });
});

describe("tempDir", () => {
  it("removes the folder when disposed", async () => {
    let path: string;
    {
      await using dir = await tempDir("testkit");
      path = dir.path;
      expect(existsSync(path)).toBe(true);
    }
    expect(existsSync(path)).toBe(false);
  });
});
