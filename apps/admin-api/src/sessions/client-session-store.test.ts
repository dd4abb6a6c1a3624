import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempDir, type TempDir } from "@em/testkit";
import { openDatabase, type Database } from "../database.js";
import { connectionKey } from "./connection-event.js";
import { SessionIngest } from "./session-ingest.js";
import { MAX_TIMELINE_ENTRIES, SESSION_RETENTION_MS } from "./session-retention.js";

const NOW = Date.parse("2026-11-25T12:00:00.000Z");
const ago = (ms: number) => new Date(NOW - ms).toISOString();

describe("client session retention", () => {
  let dir: TempDir;
  let db: Database;
  let ingest: SessionIngest;

  beforeEach(async () => {
    dir = await tempDir("session-retention");
    db = openDatabase(dir.path);
    ingest = new SessionIngest(db);
  });
  afterEach(async () => {
    db.close();
    await dir[Symbol.asyncDispose]();
  });

  /** A connection of `name` opened at `openedAt`, closed at `closedAt` unless null. */
  function connection(name: string, cid: number, openedAt: string, closedAt: string | null) {
    const facts = {
      key: connectionKey("N1", cid, openedAt),
      serverId: "N1",
      cid,
      realm: "realm1",
      name,
      ip: null,
      protocol: "nsp" as const,
      openedAt,
    };
    ingest.apply([{ kind: "connection", event: { type: "opened", connection: facts } }]);
    if (closedAt)
      ingest.apply([
        {
          kind: "connection",
          event: { type: "closed", connection: facts, at: closedAt, reason: "Kicked" },
        },
      ]);
  }

  it("forgets sessions silent for longer than the retention, but never a connected one", () => {
    const old = SESSION_RETENTION_MS + 60_000;
    connection("gone-long-ago", 1, ago(old + 1_000), ago(old));
    connection("connected-long-ago", 2, ago(old), null);
    connection("gone-recently", 3, ago(60_000), ago(30_000));
    expect(ingest.sessions.prune(NOW)).toBe(1);
    expect(
      ingest.sessions
        .list({ limit: 10 })
        .sessions.map((s) => s.name)
        .sort(),
    ).toEqual(["connected-long-ago", "gone-recently"]);
  });

  it("keeps the newest timeline entries of a session up to the limit", () => {
    for (let cid = 1; cid <= MAX_TIMELINE_ENTRIES; cid++)
      connection("flappy", cid, ago(100_000 - cid * 10), ago(100_000 - cid * 10 - 5));
    ingest.sessions.prune(NOW);
    const timeline = ingest.sessions.detail("flappy")?.timeline ?? [];
    expect(timeline).toHaveLength(MAX_TIMELINE_ENTRIES);
    expect(timeline.at(-1)).toMatchObject({ type: "disconnected" });
  });
});
