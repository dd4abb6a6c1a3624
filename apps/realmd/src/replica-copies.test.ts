import { mkdir, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "@em/testkit";
import { setAsideReplicaCopies } from "./replica-copies.js";

async function stream(storeDir: string, account: string, name: string, replicas?: number) {
  const dir = join(storeDir, "jetstream", account, "streams", name);
  await mkdir(join(dir, "msgs"), { recursive: true });
  const config =
    replicas === undefined ? "not json" : JSON.stringify({ name, num_replicas: replicas });
  await writeFile(join(dir, "meta.inf"), config);
}

describe("setAsideReplicaCopies", () => {
  it("moves copies of replicated stores aside and leaves single-copy stores where they are", async () => {
    await using dir = await tempDir("replica-copies");
    const storeDir = join(dir.path, "jetstream");
    const aside = join(dir.path, "set-aside");
    await stream(storeDir, "APP", "UM_~sales", 3);
    await stream(storeDir, "APP", "UM_~local", 1);
    await stream(storeDir, "APP", "UNREADABLE");

    const moved = await setAsideReplicaCopies(storeDir, aside);

    expect(moved).toEqual(["APP/UM_~sales"]);
    expect((await readdir(join(storeDir, "jetstream", "APP", "streams"))).sort()).toEqual([
      "UM_~local",
      "UNREADABLE",
    ]);
    const [copy] = await readdir(join(aside, "APP"));
    expect(copy).toMatch(/^UM_~sales-\d+$/);
    expect(await readdir(join(aside, "APP", copy as string, "msgs"))).toEqual([]);
  });

  it("does nothing for a realm that never stored anything", async () => {
    await using dir = await tempDir("replica-copies-empty");
    expect(await setAsideReplicaCopies(join(dir.path, "none"), join(dir.path, "aside"))).toEqual(
      [],
    );
  });
});
