import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createEventBatcher, createThrottle } from "./event-batcher.js";

describe("event batcher", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("hands a burst over in one batch per interval", () => {
    const batches: number[][] = [];
    const batcher = createEventBatcher<number>((batch) => batches.push(batch), {
      flushIntervalMs: 150,
    });
    for (let i = 0; i < 1_000; i += 1) batcher.push(i);
    expect(batches).toHaveLength(0);
    vi.advanceTimersByTime(150);
    expect(batches).toHaveLength(1);
    expect(batches[0]).toHaveLength(1_000);
    batcher.push(1_000);
    vi.advanceTimersByTime(149);
    expect(batches).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(batches[1]).toEqual([1_000]);
  });

  it("flushes what it holds when disposed, then takes nothing more", () => {
    const batches: number[][] = [];
    const batcher = createEventBatcher<number>((batch) => batches.push(batch));
    batcher.push(1);
    batcher.dispose();
    batcher.push(2);
    vi.advanceTimersByTime(1_000);
    expect(batches).toEqual([[1]]);
  });
});

describe("throttle", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("runs at once, then once more at the end of the interval however often it is called", () => {
    const fn = vi.fn();
    const throttle = createThrottle(fn, 1_000);
    throttle.call();
    expect(fn).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 50; i += 1) throttle.call();
    expect(fn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1_000);
    expect(fn).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(5_000);
    expect(fn).toHaveBeenCalledTimes(2);
  });
});
