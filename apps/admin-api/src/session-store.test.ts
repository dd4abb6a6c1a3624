import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempDir, type TempDir } from "@em/testkit";
import { parseConfig } from "./config.js";
import { openDatabase, type Database } from "./database.js";
import { SessionStore } from "./session-store.js";
import { UserStore } from "./user-store.js";

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
const T0 = new Date("2026-01-01T00:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);

describe("SessionStore", () => {
  let dir: TempDir;
  let db: Database;
  let sessions: SessionStore;
  let userId: number;

  beforeEach(async () => {
    dir = await tempDir("session-store");
    db = openDatabase(dir.path);
    userId = new UserStore(db).create({ username: "sam", role: "viewer", passwordHash: "x" }).id;
    sessions = new SessionStore(db, { idleTimeoutMs: HOUR_MS });
  });

  afterEach(async () => {
    db.close();
    await dir[Symbol.asyncDispose]();
  });

  it("ends a session unused for the idle timeout, though its absolute expiry is far", () => {
    const { token } = sessions.create(userId, 12 * HOUR_MS, T0);
    expect(sessions.find(token, at(59 * MINUTE_MS))?.username).toBe("sam");
    // Used at 59 min: idle counts from there.
    expect(sessions.find(token, at(118 * MINUTE_MS))?.username).toBe("sam");
    expect(sessions.find(token, at(118 * MINUTE_MS + HOUR_MS + 1))).toBeUndefined();
  });

  it("ends a session at its absolute expiry, however busy", () => {
    const { token, expiresAt } = sessions.create(userId, 2 * HOUR_MS, T0);
    for (let minutes = 30; minutes < 120; minutes += 30)
      expect(sessions.find(token, at(minutes * MINUTE_MS))).toBeDefined();
    expect(sessions.find(token, expiresAt)).toBeUndefined();
  });

  it("isActive, activeCounts and deleteExpired agree with find on idle sessions", () => {
    const idle = sessions.create(userId, 12 * HOUR_MS, T0);
    const busy = sessions.create(userId, 12 * HOUR_MS, at(50 * MINUTE_MS));
    const later = at(90 * MINUTE_MS);
    const idleId = sessions.find(idle.token, T0)?.sessionId ?? "";
    expect(sessions.isActive(idleId, later)).toBe(false);
    expect(sessions.activeCounts(later).get(userId)).toBe(1);
    expect(sessions.deleteExpired(later)).toBe(1);
    expect(sessions.find(busy.token, later)).toBeDefined();
  });

  it("touchIfActive counts as use (a live socket), but never revives an idle session", () => {
    const watched = sessions.create(userId, 12 * HOUR_MS, T0);
    const watchedId = sessions.find(watched.token, T0)?.sessionId ?? "";
    for (let minutes = 50; minutes <= 200; minutes += 50)
      expect(sessions.touchIfActive(watchedId, at(minutes * MINUTE_MS))).toBe(true);
    expect(sessions.find(watched.token, at(230 * MINUTE_MS))).toBeDefined();
    expect(sessions.touchIfActive(watchedId, at(230 * MINUTE_MS + HOUR_MS + 1))).toBe(false);
    expect(sessions.find(watched.token, at(230 * MINUTE_MS + HOUR_MS + 2))).toBeUndefined();
  });

  it("deleteForUser keeps the one session asked for and names the ones it ended", () => {
    const keep = sessions.create(userId, HOUR_MS, T0);
    const drop = sessions.create(userId, HOUR_MS, T0);
    const keepId = sessions.find(keep.token, T0)?.sessionId ?? "";
    const dropId = sessions.find(drop.token, T0)?.sessionId ?? "";
    expect(sessions.deleteForUser(userId, keepId)).toEqual([dropId]);
    expect(sessions.find(keep.token, T0)).toBeDefined();
    expect(sessions.deleteForUser(userId)).toEqual([keepId]);
  });
});

describe("session lifetime configuration", () => {
  it("defaults to 12 h absolute and 60 min idle", () => {
    expect(parseConfig({})).toMatchObject({ sessionTtlMs: 12 * HOUR_MS, sessionIdleMs: HOUR_MS });
    expect(parseConfig({ EM_SESSION_IDLE_MINUTES: "15" }).sessionIdleMs).toBe(15 * MINUTE_MS);
  });

  it("refuses an idle timeout under 5 minutes (last use is recorded once a minute)", () => {
    expect(() => parseConfig({ EM_SESSION_IDLE_MINUTES: "1" })).toThrow(/EM_SESSION_IDLE_MINUTES/);
  });
});
