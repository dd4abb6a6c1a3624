import { afterEach, describe, expect, test } from "vitest";
import type { Drill } from "@em/contracts";
import { tempDir, type TempDir } from "@em/testkit";
import { openDatabase, type Database } from "../database.js";
import { DrillStore } from "./drill-store.js";

let dir: TempDir | undefined;
let db: Database | undefined;

afterEach(async () => {
  db?.close();
  await dir?.[Symbol.asyncDispose]();
});

async function store(): Promise<DrillStore> {
  dir = await tempDir("drill-store");
  db = openDatabase(dir.path);
  return new DrillStore(db);
}

const drill = (id: string, startedAt: string, status: Drill["status"] = "succeeded"): Drill => ({
  id,
  realm: "realm1",
  cluster: "demo",
  action: "kill",
  observeMs: 10_000,
  status,
  startedAt,
  finishedAt: status === "running" ? null : startedAt,
  steps: [
    {
      name: "kill realm1 (SIGKILL)",
      status: "done",
      startedAt,
      finishedAt: startedAt,
      message: null,
    },
    {
      name: "report",
      status: status === "running" ? "pending" : "done",
      startedAt: null,
      finishedAt: null,
      message: null,
    },
  ],
  report: null,
  error: null,
});

describe("DrillStore", () => {
  test("lists drills newest first and reads one back whole", async () => {
    const drills = await store();
    drills.save(drill("a", "2026-01-01T10:00:00.000Z"));
    drills.save(drill("b", "2026-01-01T11:00:00.000Z"));
    expect(drills.list().map((d) => d.id)).toEqual(["b", "a"]);
    expect(drills.get("a")).toEqual(drill("a", "2026-01-01T10:00:00.000Z"));
    expect(drills.get("missing")).toBeUndefined();
  });

  test("marks a drill left running by an earlier process failed, naming the realm to check", async () => {
    const drills = await store();
    drills.save(drill("c", "2026-01-01T12:00:00.000Z", "running"));
    expect(drills.failInterrupted()).toBe(1);
    const failed = drills.get("c");
    expect(failed?.status).toBe("failed");
    expect(failed?.error?.message).toContain("realm1");
    expect(failed?.steps.map((s) => s.status)).toEqual(["done", "skipped"]);
  });
});
