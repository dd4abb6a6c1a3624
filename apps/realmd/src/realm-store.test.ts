import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { tempDir } from "@em/testkit";
import { describe, expect, it } from "vitest";
import { RealmStore } from "./realm-store.js";

describe("realm store", () => {
  it("loads a realms.json written before clusters as standalone realms without a route port", async () => {
    await using dir = await tempDir("realm-store");
    const older = {
      version: 1,
      realms: [
        {
          name: "realm1",
          bindHost: "127.0.0.1",
          ports: { nsp: 31000, nhp: 31001, monitor: 31002 },
          desiredState: "running",
          credentials: {
            systemPassword: "sys-secret-0123456789",
            adminPassword: "admin-secret-0123456789",
          },
          pid: null,
          startedAt: null,
          lastExit: null,
          createdAt: "2026-11-01T00:00:00.000Z",
        },
      ],
    };
    await writeFile(join(dir.path, "realms.json"), JSON.stringify(older));
    const [realm] = await new RealmStore(dir.path).load();
    expect(realm).toMatchObject({
      ports: { nsp: 31000, nhp: 31001, monitor: 31002, cluster: null },
      cluster: null,
    });
  });
});
