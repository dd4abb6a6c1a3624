import { describe, expect, it } from "vitest";
import { parseGoDurationMs, toRealmConnection } from "./engine-monitor.js";

describe("engine monitor", () => {
  it("reads the Go durations nats-server prints for rtt", () => {
    expect(parseGoDurationMs("754µs")).toBeCloseTo(0.754);
    expect(parseGoDurationMs("3.762504ms")).toBeCloseTo(3.762504);
    expect(parseGoDurationMs("1m2.5s")).toBe(62_500);
    expect(parseGoDurationMs("0s")).toBe(0);
    expect(parseGoDurationMs("soon")).toBeNull();
    expect(parseGoDurationMs(undefined)).toBeNull();
  });

  it("turns a CONNZ connection (as 2.10.27 answers) into the console's shape", () => {
    expect(
      toRealmConnection({
        cid: 10,
        kind: "Client",
        type: "websocket",
        ip: "127.0.0.1",
        port: 34272,
        start: "2026-11-25T16:42:07.217639443Z",
        rtt: "3.697618ms",
        in_msgs: 2,
        out_msgs: 1,
        subscriptions: 3,
        name: "sess-ws",
        lang: "nats.ws",
        version: "3.4.0",
        tls_version: "1.3",
      }),
    ).toEqual({
      cid: 10,
      name: "sess-ws",
      ip: "127.0.0.1",
      port: 34272,
      protocol: "nhps",
      since: "2026-11-25T16:42:07.217Z",
      lang: "nats.ws",
      version: "3.4.0",
      inMsgs: 2,
      outMsgs: 1,
      subscriptions: 3,
      rttMs: 3.697618,
    });
  });
});
