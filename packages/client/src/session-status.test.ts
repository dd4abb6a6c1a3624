import { describe, expect, it } from "vitest";
import { StatusFeed, type SessionStatus } from "./session-status.js";

const connected: SessionStatus = { type: "connected", realm: "realm1", rname: "nsp://a:1" };
const lost: SessionStatus = {
  type: "disconnected",
  realm: "realm1",
  rname: "nsp://a:1",
  reason: "reset",
};

describe("StatusFeed", () => {
  it("status - listeners get only their type, until they stop listening", () => {
    const feed = new StatusFeed();
    const seen: string[] = [];
    const stop = feed.on("disconnected", (status) => seen.push(status.reason));
    feed.emit(connected);
    feed.emit(lost);
    stop();
    feed.emit(lost);
    expect(seen).toEqual(["reset"]);
  });

  it("status - an iterator sees every status after it was made and ends after closed", async () => {
    const feed = new StatusFeed();
    const iterator = feed.iterate();
    feed.emit(connected);
    feed.emit(lost);
    feed.emit({ type: "closed", error: undefined });
    feed.emit(connected);
    const seen: string[] = [];
    for await (const status of iterator) seen.push(status.type);
    expect(seen).toEqual(["connected", "disconnected", "closed"]);
  });

  it("status - a throwing listener does not stop the others", () => {
    const feed = new StatusFeed();
    const seen: string[] = [];
    feed.on("connected", () => {
      throw new Error("app bug");
    });
    feed.on("connected", (status) => seen.push(status.realm));
    feed.emit(connected);
    expect(seen).toEqual(["realm1"]);
  });

  it("status - an iterator made after closed ends at once", async () => {
    const feed = new StatusFeed();
    feed.emit({ type: "closed", error: undefined });
    expect(await feed.iterate().next()).toEqual({ done: true, value: undefined });
  });
});
