import type { JetStreamManager } from "@nats-io/jetstream";
import { describe, expect, it } from "vitest";
import { firstEidFor } from "./channel-start.js";

/** A stream answering direct gets like the engine: by next EID at or after `seq`, or the last. */
function fakeStream(eids: number[], leaderLast?: number): JetStreamManager {
  const stored = eids.map((seq) => ({ seq, time: new Date(seq * 1_000) }));
  const getMessage = (_stream: string, query: { seq?: number; last_by_subj?: string }) => {
    if (query.last_by_subj) return Promise.resolve(stored.at(-1) ?? null);
    return Promise.resolve(stored.find((message) => message.seq >= (query.seq ?? 0)) ?? null);
  };
  const info = () =>
    leaderLast === undefined
      ? Promise.reject(new Error("no stream leader"))
      : Promise.resolve({ state: { last_seq: leaderLast } });
  return { direct: { getMessage }, streams: { info } } as unknown as JetStreamManager;
}

const gapped = [
  ...Array.from({ length: 4 }, (_, i) => i + 1),
  ...Array.from({ length: 13 }, (_, i) => i + 8),
];
const first = (stream: JetStreamManager, start: Parameters<typeof firstEidFor>[3]) =>
  firstEidFor(stream, "UM_x", "um.x", start);

describe("firstEidFor", () => {
  it("start - fromEid is taken as given; fromLatest is the EID after the last", async () => {
    const stream = fakeStream(gapped);
    expect(await first(stream, { fromEid: 3 })).toBe(3);
    expect(await first(stream, { fromLatest: true })).toBe(21);
    expect(await first(fakeStream([]), { fromLatest: true })).toBe(1);
  });

  it("start - fromLatest takes the stream leader's last EID over a lagging replica's", async () => {
    // The replica answering direct gets has EIDs up to 20; the leader has stored 25.
    expect(await first(fakeStream(gapped, 25), { fromLatest: true })).toBe(26);
  });

  it("start - fromTime finds the first stored EID at or after the time, across deleted EIDs", async () => {
    const stream = fakeStream(gapped);
    // EIDs 5–7 are gone: the first event stored at or after 6.5 s is EID 8.
    expect(await first(stream, { fromTime: new Date(6_500) })).toBe(8);
    expect(await first(stream, { fromTime: new Date(3_000) })).toBe(3);
    expect(await first(stream, { fromTime: new Date(0) })).toBe(1);
    expect(await first(stream, { fromTime: new Date(20_000) })).toBe(20);
    expect(await first(stream, { fromTime: new Date(99_000) })).toBe(21);
  });

  it("start - fromTime on every position of a gap-free stream", async () => {
    const stream = fakeStream(Array.from({ length: 33 }, (_, i) => i + 1));
    for (let seq = 1; seq <= 33; seq++)
      expect(await first(stream, { fromTime: new Date(seq * 1_000 - 1) })).toBe(seq);
  });
});
