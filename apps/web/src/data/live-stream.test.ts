import type { Drill } from "@em/contracts";
import { describe, expect, it } from "vitest";
import {
  EMPTY_LIVE_STREAM,
  describeLiveItem,
  itemConcernsCluster,
  liveItemType,
  reduceLiveStream,
  type LiveIncoming,
} from "./live-stream.js";

const at = (ms: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, 0, ms)).toISOString();

const closed = (realm: string, ms: number, name: string | null = null): LiveIncoming => ({
  kind: "connection-closed",
  event: { realm, cid: ms, name, ip: "127.0.0.1", at: at(ms), reason: "Client Closed" },
});

const failover = (session: string, ms: number): LiveIncoming => ({
  kind: "failover",
  event: {
    session,
    from: "realm2",
    to: "realm3",
    stallMs: 250,
    resumeEid: { "/sales": 42 },
    lost: 0,
    duplicated: 0,
    at: at(ms),
  },
});

function drill(status: Drill["status"], running: number | null): Drill {
  return {
    id: "d1",
    realm: "realm2",
    cluster: "demo",
    action: "kill",
    observeMs: 10_000,
    status,
    startedAt: at(0),
    finishedAt: status === "running" ? null : at(9_000),
    steps: ["kill realm2", "watch sessions", "start realm2"].map((name, i) => ({
      name,
      status:
        running === null ? "done" : i < running ? "done" : i === running ? "running" : "pending",
      startedAt: running === null || i <= running ? at(i * 1_000) : null,
      finishedAt: running === null || i < running ? at(i * 1_000 + 500) : null,
      message: null,
    })),
    report:
      status === "succeeded"
        ? {
            sessions: [],
            stallP50Ms: 250,
            stallMaxMs: 400,
            leadersMoved: [],
            lost: 0,
            duplicated: 0,
            quorumHeld: true,
          }
        : null,
    error: null,
  };
}

describe("live stream", () => {
  it("shows a thousand closed connections of one realm as one line", () => {
    const batch = Array.from({ length: 1_000 }, (_, i) => closed("realm2", i));
    const stream = reduceLiveStream(EMPTY_LIVE_STREAM, batch);
    expect(stream.items).toHaveLength(1);
    const [line] = stream.items;
    expect(line && describeLiveItem(line).text).toBe("1,000 connections closed on realm2");
    expect(line && liveItemType(line)).toBe("burst");
  });

  it("keeps coalescing a burst across flushes, and merges a server burst summary", () => {
    let stream = reduceLiveStream(EMPTY_LIVE_STREAM, [closed("realm2", 0), closed("realm2", 100)]);
    stream = reduceLiveStream(stream, [
      {
        kind: "burst",
        event: {
          opened: 3,
          closed: 998,
          byRealm: { realm2: { opened: 0, closed: 998 }, realm3: { opened: 3, closed: 0 } },
          from: at(100),
          to: at(600),
        },
      },
    ]);
    const texts = stream.items.map((item) => describeLiveItem(item).text);
    expect(texts).toContain("1,000 connections closed on realm2");
    expect(texts).toContain("3 connections opened on realm3");
  });

  it("starts a new line when churn outlasts the coalescing window", () => {
    const batch = Array.from({ length: 10 }, (_, i) => closed("realm2", i * 1_000));
    const stream = reduceLiveStream(EMPTY_LIVE_STREAM, batch);
    expect(stream.items.map((item) => describeLiveItem(item).text)).toEqual([
      "2 connections closed on realm2",
      "4 connections closed on realm2",
      "4 connections closed on realm2",
    ]);
  });

  it("folds ten thousand connection events of several realms quickly", () => {
    const batch = Array.from({ length: 10_000 }, (_, i) => closed(`realm${i % 3}`, i % 500));
    const started = performance.now();
    const stream = reduceLiveStream(EMPTY_LIVE_STREAM, batch);
    expect(performance.now() - started).toBeLessThan(500);
    expect(stream.items).toHaveLength(3);
  });

  it("names the client of a lone connection event", () => {
    const stream = reduceLiveStream(EMPTY_LIVE_STREAM, [closed("realm1", 0, "orders-sub")]);
    const [line] = stream.items;
    expect(line && describeLiveItem(line).text).toBe(
      "orders-sub disconnected from realm1 (Client Closed)",
    );
    expect(line && liveItemType(line)).toBe("connection-closed");
  });

  it("orders newest first and caps the list", () => {
    const batch = Array.from({ length: 30 }, (_, i) => failover(`s${i}`, i * 10));
    const stream = reduceLiveStream(EMPTY_LIVE_STREAM, batch, 10);
    expect(stream.items).toHaveLength(10);
    expect(stream.items[0]?.type === "failover" && stream.items[0].session).toBe("s29");
    expect(new Set(stream.items.map((i) => i.id)).size).toBe(10);
  });

  it("words a failover with its stall and whether delivery stayed exact", () => {
    const stream = reduceLiveStream(EMPTY_LIVE_STREAM, [failover("demo-sub-1", 0)]);
    const [line] = stream.items;
    expect(line && liveItemType(line)).toBe("failover");
    expect(line && describeLiveItem(line).text).toBe(
      "demo-sub-1 failed over realm2 → realm3 after 250 ms; exact",
    );
  });

  it("adds one line per drill step reached, not per repeated push", () => {
    let stream = reduceLiveStream(EMPTY_LIVE_STREAM, [
      { kind: "drill", drill: drill("running", 0) },
      { kind: "drill", drill: drill("running", 0) },
      { kind: "drill", drill: drill("running", 1) },
    ]);
    expect(stream.items).toHaveLength(2);
    stream = reduceLiveStream(stream, [{ kind: "drill", drill: drill("succeeded", null) }]);
    const [done] = stream.items;
    expect(done && describeLiveItem(done).text).toMatch(/^Drill kill realm2 done: .*0 lost/);
  });

  it("shows a cluster the lines about it and its members", () => {
    const stream = reduceLiveStream(EMPTY_LIVE_STREAM, [
      failover("a", 0),
      closed("realm9", 10),
      { kind: "cluster", event: { type: "quorumLost", cluster: "other", at: at(20) } },
    ]);
    const members = new Set(["realm1", "realm2", "realm3"]);
    const shown = stream.items.filter((item) => itemConcernsCluster(item, "demo", members));
    expect(shown.map(liveItemType)).toEqual(["failover"]);
  });
});
