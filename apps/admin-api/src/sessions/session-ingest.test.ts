import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SessionReport } from "@em/contracts";
import { tempDir, type TempDir } from "@em/testkit";
import { openDatabase, type Database } from "../database.js";
import {
  connectionKey,
  parseConnectionAdvisory,
  type ConnectionFacts,
} from "./connection-event.js";
import { SessionIngest, type IngestItem } from "./session-ingest.js";

const SERVER_IDS: Record<string, string> = { realm1: "NREALM1", realm2: "NREALM2" };

/** A client advisory as nats-server 2.10.27 sends it (fields as seen on the wire). */
function advisory(
  kind: "connect" | "disconnect",
  realm: string,
  cid: number,
  name: string,
  options: { start?: string; stop?: string; reason?: string; clientType?: string } = {},
): IngestItem {
  const start = options.start ?? "2026-11-25T10:00:00.123456789Z";
  const event = parseConnectionAdvisory({
    type: `io.nats.server.advisory.v1.client_${kind}`,
    id: "x",
    timestamp: options.stop ?? start,
    server: { name: realm, host: "127.0.0.1", id: SERVER_IDS[realm], ver: "2.10.27" },
    client: {
      start,
      host: "127.0.0.1",
      id: cid,
      acc: "APP",
      user: "admin",
      name,
      lang: "nats.js",
      ver: "3.4.0",
      kind: "Client",
      client_type: options.clientType ?? "nats",
      ...(options.stop ? { stop: options.stop } : {}),
    },
    ...(options.reason ? { reason: options.reason } : {}),
  });
  if (!event) throw new Error("not an advisory");
  return { kind: "connection", event };
}

function report(fields: Partial<SessionReport> & Pick<SessionReport, "type" | "at">): IngestItem {
  return {
    kind: "report",
    report: {
      session: "orders",
      sessionId: "S1",
      fromRealm: null,
      toRealm: null,
      rname: null,
      reason: null,
      stallMs: null,
      subscriptions: [],
      ...fields,
    },
  };
}

function facts(realm: string, cid: number, name: string, openedAt: string): ConnectionFacts {
  const serverId = SERVER_IDS[realm] ?? "N";
  return {
    key: connectionKey(serverId, cid, openedAt),
    serverId,
    cid,
    realm,
    name,
    ip: "127.0.0.1",
    protocol: "nsp",
    openedAt,
  };
}

describe("session ingest", () => {
  let dir: TempDir;
  let db: Database;
  let ingest: SessionIngest;

  beforeEach(async () => {
    dir = await tempDir("session-ingest");
    db = openDatabase(dir.path);
    ingest = new SessionIngest(db);
  });
  afterEach(async () => {
    db.close();
    await dir[Symbol.asyncDispose]();
  });

  it("stores an advisory relayed by every cluster member once, and pushes it once", () => {
    const relayed = [1, 2, 3].map(() => advisory("connect", "realm1", 7, "orders"));
    expect(ingest.apply(relayed)).toHaveLength(1);
    expect(ingest.apply([advisory("connect", "realm1", 7, "orders")])).toEqual([]);
    const { session, timeline } = ingest.sessions.detail("orders") ?? {};
    expect(session).toMatchObject({ realm: "realm1", protocol: "nsp", state: "connected" });
    expect(timeline).toHaveLength(1);
  });

  it("ignores the admin API's own connections", () => {
    expect(
      parseConnectionAdvisory({
        type: "io.nats.server.advisory.v1.client_connect",
        timestamp: "2026-11-25T10:00:00Z",
        server: { name: "realm1", id: "N" },
        client: { start: "2026-11-25T10:00:00Z", id: 1, name: "em-admin-api-stores" },
      }),
    ).toBeUndefined();
  });

  it("names a websocket client nhp and a client that closed itself closed", () => {
    ingest.apply([
      advisory("connect", "realm1", 3, "browser", { clientType: "websocket" }),
      advisory("disconnect", "realm1", 3, "browser", {
        clientType: "websocket",
        stop: "2026-11-25T10:00:05Z",
        reason: "Client Closed",
      }),
    ]);
    expect(ingest.sessions.detail("browser")?.session).toMatchObject({
      protocol: "nhp",
      state: "closed",
      realm: null,
    });
  });

  it("a session that already reached another realm stays there when the old close comes late", () => {
    ingest.apply([
      advisory("connect", "realm1", 1, "orders"),
      advisory("connect", "realm2", 9, "orders", { start: "2026-11-25T10:00:02Z" }),
      advisory("disconnect", "realm1", 1, "orders", {
        stop: "2026-11-25T10:00:03Z",
        reason: "Kicked",
      }),
    ]);
    const detail = ingest.sessions.detail("orders");
    expect(detail?.session).toMatchObject({ realm: "realm2", state: "connected" });
    expect(detail?.timeline.map((e) => [e.type, e.realm, e.reason])).toEqual([
      ["connected", "realm1", null],
      ["connected", "realm2", null],
      ["disconnected", "realm1", "Kicked"],
    ]);
  });

  it("records an SDK failover with its stall, resume EIDs and this failover's share of gaps", () => {
    const subscriptions = (gaps: number, duplicates: number, resumeEid: number) => [
      { channel: "/sales", durable: null, resumeEid, gaps, duplicates },
    ];
    const live = ingest.apply([
      report({
        type: "connected",
        at: "2026-11-25T10:00:00.000Z",
        toRealm: "realm1",
        rname: "nsps://127.0.0.1:4222",
        subscriptions: subscriptions(1, 0, 5),
      }),
      report({
        type: "disconnected",
        at: "2026-11-25T10:01:00.000Z",
        fromRealm: "realm1",
        reason: "closed",
        subscriptions: subscriptions(1, 0, 40),
      }),
      report({
        type: "failover",
        at: "2026-11-25T10:01:01.500Z",
        fromRealm: "realm1",
        toRealm: "realm2",
        rname: "nsps://127.0.0.1:4223",
        stallMs: 1500,
        subscriptions: subscriptions(3, 1, 41),
      }),
    ]);
    // Relayed copies of the same reports change nothing.
    expect(
      ingest.apply([
        report({ type: "failover", at: "2026-11-25T10:01:01.500Z", toRealm: "realm2" }),
      ]),
    ).toEqual([]);
    expect(live).toEqual([
      {
        type: "session:failover",
        payload: {
          session: "orders",
          from: "realm1",
          to: "realm2",
          stallMs: 1500,
          resumeEid: { "/sales": 41 },
          lost: 2,
          duplicated: 1,
          at: "2026-11-25T10:01:01.500Z",
        },
      },
    ]);
    expect(ingest.sessions.detail("orders")?.session).toMatchObject({
      realm: "realm2",
      protocol: "nsps",
      sdk: true,
      failovers: 1,
      lastStallMs: 1500,
      lost: 2,
      duplicated: 1,
    });
    const window = (from: string, to: string) =>
      ingest.sessions.failoversBetween(new Date(from), new Date(to)).length;
    expect(window("2026-11-25T10:01:00Z", "2026-11-25T10:02:00Z")).toBe(1);
    expect(window("2026-11-25T10:02:00Z", "2026-11-25T10:03:00Z")).toBe(0);
  });

  it("closes every open connection of a lost realm, and only those opened before the news", () => {
    ingest.apply([
      advisory("connect", "realm1", 1, "a"),
      advisory("connect", "realm1", 2, "b"),
      advisory("connect", "realm2", 1, "c"),
    ]);
    const closed = ingest.apply([
      { kind: "realm-lost", realm: "realm1", at: "2026-11-25T10:00:10.000Z", reason: "realm lost" },
    ]);
    expect(closed.map((e) => [e.type, e.payload])).toEqual([
      [
        "connection:closed",
        expect.objectContaining({ realm: "realm1", cid: 1, reason: "realm lost" }),
      ],
      [
        "connection:closed",
        expect.objectContaining({ realm: "realm1", cid: 2, reason: "realm lost" }),
      ],
    ]);
    expect(ingest.sessions.list({ limit: 10 }).sessions.map((s) => [s.name, s.state])).toEqual([
      ["a", "disconnected"],
      ["b", "disconnected"],
      ["c", "connected"],
    ]);
  });

  it("a snapshot opens connections nobody announced and closes those that went unheard", () => {
    ingest.apply([advisory("connect", "realm1", 1, "gone")]);
    const at = "2026-11-25T10:05:00.000Z";
    const live = ingest.apply([
      {
        kind: "snapshot",
        realm: "realm1",
        at,
        connections: [facts("realm1", 4, "early", "2026-11-25T09:00:00.000Z")],
        complete: true,
      },
    ]);
    expect(live.map((e) => [e.type, "name" in e.payload ? e.payload.name : null])).toEqual([
      ["connection:opened", "early"],
      ["connection:closed", "gone"],
    ]);
    expect(ingest.sessions.detail("early")?.session.state).toBe("connected");
  });

  it("a client a snapshot caught before it said its name becomes a session when its advisory comes", () => {
    const start = "2026-11-25T10:00:00.123456789Z";
    const unnamed = { ...facts("realm1", 5, "x", "2026-11-25T10:00:00.123Z"), name: null };
    const live = ingest.apply([
      { kind: "snapshot", realm: "realm1", at: start, connections: [unnamed], complete: true },
      advisory("connect", "realm1", 5, "late-name", { start }),
    ]);
    expect(live.map((e) => e.type)).toEqual(["connection:opened"]);
    expect(ingest.sessions.detail("late-name")?.session).toMatchObject({
      realm: "realm1",
      state: "connected",
    });
  });

  it("a report naming no realm the contracts allow is kept without the name", () => {
    ingest.apply([
      report({ type: "connected", at: "2026-11-25T10:00:00.000Z", toRealm: "nsp://10.0.0.1:4222" }),
    ]);
    expect(ingest.sessions.detail("orders")?.session).toMatchObject({ realm: null, sdk: true });
  });
});
