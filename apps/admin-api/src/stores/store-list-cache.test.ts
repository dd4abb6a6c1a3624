import { afterEach, describe, expect, it } from "vitest";
import { StoreListCache } from "./store-list-cache.js";
import type { EngineStore } from "./stream-mapping.js";

function store(name: string, lastEid: number): EngineStore {
  return { name, lastEid } as EngineStore;
}

describe("StoreListCache", () => {
  let cache: StoreListCache | undefined;
  let now = 0;
  afterEach(() => cache?.close());

  /** A cache over a fetcher that answers `answers` in turn and counts its calls. */
  function cacheOver(answers: (EngineStore[] | Error)[]) {
    const calls = { count: 0 };
    cache = new StoreListCache(
      () => {
        const answer = answers[Math.min(calls.count++, answers.length - 1)];
        return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer ?? []);
      },
      3_600_000,
      () => now,
    );
    return { cache, calls };
  }

  it("cache - the first read fetches, later reads answer from memory", async () => {
    const { cache, calls } = cacheOver([[store("/a", 1)]]);
    expect((await cache.read("cluster", "demo")).stores.map((s) => s.name)).toEqual(["/a"]);
    await cache.read("cluster", "demo");
    expect(calls.count).toBe(1);
  });

  it("cache - a change through the API makes the next read fetch again", async () => {
    const { cache, calls } = cacheOver([[store("/a", 1)], [store("/a", 1), store("/b", 0)]]);
    await cache.read("cluster", "demo");
    cache.invalidate("cluster", "demo");
    expect((await cache.read("cluster", "demo")).stores.map((s) => s.name)).toEqual(["/a", "/b"]);
    expect(calls.count).toBe(2);
  });

  it("cache - a failed refresh serves the older answer marked stale; a first failure throws", async () => {
    const { cache } = cacheOver([[store("/a", 1)], new Error("no quorum")]);
    await cache.read("cluster", "demo");
    cache.invalidate("cluster", "demo");
    const stale = await cache.read("cluster", "demo");
    expect(stale.stale).toBe(true);
    expect(stale.stores.map((s) => s.name)).toEqual(["/a"]);
    await expect(cache.read("realm", "other")).rejects.toThrow("no quorum");
  });

  it("cache - the rate is the last EID's change per second between two samples", async () => {
    const { cache } = cacheOver([[store("/a", 10)], [store("/a", 30)]]);
    now = 1_000;
    expect((await cache.read("cluster", "demo")).rates.get("/a")).toBeNull();
    now = 3_000;
    cache.invalidate("cluster", "demo");
    expect((await cache.read("cluster", "demo")).rates.get("/a")).toBe(10);
  });
});
