import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "@em/testkit";
import { startTestAdminApi } from "../testing/test-admin-api.js";

describe("serving the built SPA (EM_WEB_DIST)", () => {
  it("serves files, falls back to index.html for client routes, and never for /api", async () => {
    await using dir = await tempDir("web");
    const dist = join(dir.path, "dist");
    await mkdir(join(dist, "assets"), { recursive: true });
    await writeFile(join(dist, "index.html"), "<!doctype html><title>EM</title>");
    await writeFile(join(dist, "assets", "app-1234.js"), "console.log('em')");
    await using api = await startTestAdminApi({
      dataDir: join(dir.path, "data"),
      env: { EM_WEB_DIST: dist },
    });
    const html = { headers: { accept: "text/html" } };

    const root = await fetch(`${api.url}/`, html);
    expect(root.status).toBe(200);
    expect(await root.text()).toContain("<title>EM</title>");

    const clientRoute = await fetch(`${api.url}/realms/realm1`, html);
    expect(clientRoute.status).toBe(200);
    expect(clientRoute.headers.get("cache-control")).toBe("no-cache");
    expect(await clientRoute.text()).toContain("<title>EM</title>");

    const asset = await fetch(`${api.url}/assets/app-1234.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get("cache-control")).toMatch(/immutable/);

    const api404 = await fetch(`${api.url}/api/no-such-route`, html);
    expect(api404.status).toBe(404);
    expect(await api404.json()).toMatchObject({ error: { code: "NOT_FOUND" } });

    const missingAsset = await fetch(`${api.url}/assets/missing.js`, {
      headers: { accept: "*/*" },
    });
    expect(missingAsset.status).toBe(404);
  });
});
