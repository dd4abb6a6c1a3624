import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  FAULT_KINDS,
  MINORITY_MIN_HOLD_MS,
  describeFault,
  faultSchedule,
  mulberry32,
} from "./schedule.js";

const realms = ["realm1", "realm2", "realm3"];

describe("faultSchedule", () => {
  it("is a pure function of the seed: the same seed gives the same list", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 0, max: 60 }),
        (seed, faults) => {
          expect(faultSchedule({ seed, faults, realms })).toEqual(
            faultSchedule({ seed, faults, realms }),
          );
        },
      ),
    );
  });

  it("gives other seeds other schedules", () => {
    const a = faultSchedule({ seed: 1, faults: 20, realms }).map(describeFault);
    const b = faultSchedule({ seed: 2, faults: 20, realms }).map(describeFault);
    expect(a).not.toEqual(b);
  });

  it("keeps every fault within its bounds, numbered from 1", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const schedule = faultSchedule({
          seed,
          faults: 50,
          realms,
          minHoldMs: 300,
          maxHoldMs: 900,
        });
        expect(schedule.map((fault) => fault.index)).toEqual(
          Array.from({ length: 50 }, (_, i) => i + 1),
        );
        for (const fault of schedule) {
          expect(FAULT_KINDS).toContain(fault.kind);
          expect(realms).toContain(fault.target);
          if (fault.kind === "restart") expect(fault.holdMs).toBe(0);
          else if (fault.kind === "minority") expect(fault.holdMs).toBe(MINORITY_MIN_HOLD_MS);
          else {
            expect(fault.holdMs).toBeGreaterThanOrEqual(300);
            expect(fault.holdMs).toBeLessThanOrEqual(900);
          }
          expect(fault.delayMs === undefined).toBe(fault.kind !== "delay");
        }
      }),
    );
  });

  it("uses every kind of fault over a long schedule", () => {
    const kinds = new Set(faultSchedule({ seed: 42, faults: 200, realms }).map((f) => f.kind));
    expect([...kinds].sort()).toEqual([...FAULT_KINDS].sort());
  });

  it("keeps to the kinds it is given", () => {
    const schedule = faultSchedule({ seed: 5, faults: 30, realms, kinds: ["restart", "kill"] });
    expect(new Set(schedule.map((fault) => fault.kind))).toEqual(new Set(["restart", "kill"]));
    expect(() => faultSchedule({ seed: 5, faults: 1, realms, kinds: [] })).toThrow(/one kind/);
  });

  it("refuses fewer than three realms", () => {
    expect(() => faultSchedule({ seed: 1, faults: 1, realms: ["a", "b"] })).toThrow(/three realms/);
  });
});

describe("mulberry32", () => {
  it("answers numbers in [0, 1) and the same sequence for the same seed", () => {
    const first = mulberry32(99);
    const second = mulberry32(99);
    for (let i = 0; i < 1000; i++) {
      const value = first();
      expect(value).toBe(second());
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
  });
});
