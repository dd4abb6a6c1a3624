import { describe, expect, it } from "vitest";
import { ConnectionCoalescer } from "./connection-coalescer.js";

const closed = (realm: string, cid: number, at: string) => ({
  name: "connection:closed" as const,
  payload: { realm, cid, name: `c${cid}`, ip: null, at, reason: "Kicked" },
});
const opened = (realm: string, cid: number, at: string) => ({
  name: "connection:opened" as const,
  payload: { realm, cid, name: `c${cid}`, ip: null, at },
});

describe("connection coalescer", () => {
  it("sends a quiet flush's events one by one, in order", () => {
    const coalescer = new ConnectionCoalescer(3);
    coalescer.add(opened("r1", 1, "2026-11-25T10:00:00.000Z"));
    coalescer.add(closed("r1", 1, "2026-11-25T10:00:01.000Z"));
    expect(coalescer.flush()).toEqual({
      kind: "single",
      events: [
        opened("r1", 1, "2026-11-25T10:00:00.000Z"),
        closed("r1", 1, "2026-11-25T10:00:01.000Z"),
      ],
    });
    expect(coalescer.flush()).toBeUndefined();
  });

  it("sums a crowded flush into one burst per realm with its time span", () => {
    const coalescer = new ConnectionCoalescer(3);
    coalescer.add(closed("r1", 1, "2026-11-25T10:00:02.000Z"));
    coalescer.add(closed("r1", 2, "2026-11-25T10:00:01.000Z"));
    coalescer.add(closed("r2", 3, "2026-11-25T10:00:03.000Z"));
    coalescer.add(opened("r2", 4, "2026-11-25T10:00:04.000Z"));
    expect(coalescer.flush()).toEqual({
      kind: "burst",
      burst: {
        opened: 1,
        closed: 3,
        byRealm: { r1: { opened: 0, closed: 2 }, r2: { opened: 1, closed: 1 } },
        from: "2026-11-25T10:00:01.000Z",
        to: "2026-11-25T10:00:04.000Z",
      },
    });
    expect(coalescer.size).toBe(0);
  });
});
