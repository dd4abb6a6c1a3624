import { chmod, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { natsServerBin, tempDir } from "@em/testkit";
import { describe, expect, it } from "vitest";
import { locateEngine } from "./locate-engine.js";

describe("locate engine", () => {
  it("finds a nats-server 2.10+ and its version", async () => {
    const lookup = await locateEngine([natsServerBin()]);
    expect(lookup).toMatchObject({ ok: true, engine: { path: natsServerBin() } });
    if (lookup.ok) expect(lookup.engine.version).toMatch(/^2\.(1\d|[2-9]\d)\./);
  });

  it("says how to install one when none can be run", async () => {
    const lookup = await locateEngine(["/nonexistent/nats-server"]);
    expect(lookup).toMatchObject({ ok: false });
    if (!lookup.ok) expect(lookup.message).toMatch(/npm run setup.*NATS_SERVER_BIN/);
  });

  it("refuses a nats-server older than 2.10", async () => {
    await using dir = await tempDir("engine");
    const fake = join(dir.path, "nats-server");
    await writeFile(fake, '#!/bin/sh\necho "nats-server: v2.9.25"\n');
    await chmod(fake, 0o755);
    const lookup = await locateEngine([fake]);
    expect(lookup).toMatchObject({ ok: false });
    if (!lookup.ok) expect(lookup.message).toMatch(/is 2\.9\.25, but 2\.10 or newer is needed/);
  });
});
