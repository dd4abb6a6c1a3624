// The chaos suite's short seeded run inside `npm test`: eight faults, one of each kind and a
// second kill (seed 152 with short holds), against a real three-realm cluster under SDK load.
// `npm run chaos -- --faults 8 --seed 152 --min-hold-ms 300 --max-hold-ms 1500` replays it.
import { describe, expect, it } from "vitest";
import { runChaos } from "../../chaos/chaos-run.js";
import { reportMarkdown } from "../../chaos/report.js";

const SEED = 152;
const FAULTS = 8;

describe("chaos, short seeded run", () => {
  it("loses no acknowledged event, delivers none twice, keeps order, consumes every queue event once, and a lone realm acknowledges nothing", async () => {
    const report = await runChaos({
      seed: SEED,
      faults: FAULTS,
      minHoldMs: 300,
      maxHoldMs: 1_500,
      replay: `npm run chaos -- --faults ${FAULTS} --seed ${SEED} --min-hold-ms 300 --max-hold-ms 1500`,
      budgetMs: 90_000,
      recoveryLimitMs: 30_000,
      clusterLimitMs: 20_000,
      log: () => undefined,
    });
    const markdown = reportMarkdown(report);
    expect(report.reasons, markdown).toEqual([]);
    expect(report.faults.map((fault) => fault.kind).sort(), markdown).toEqual([
      "blackhole",
      "delay",
      "kill",
      "kill",
      "minority",
      "pause",
      "reset",
      "restart",
    ]);
    expect(report.check.lost).toEqual([]);
    expect(report.check.duplicates).toEqual([]);
    for (const order of report.check.order) {
      expect(order.gaps).toEqual([]);
      expect(order.backwards).toEqual([]);
    }
    expect(report.check.queue.consumedTwice).toEqual([]);
    expect(report.check.queue.neverConsumed).toEqual([]);
    expect(report.check.queue.consumed).toBe(report.check.queue.pushed);
    expect(report.check.minorityAcked).toEqual([]);
    expect(report.faults.find((fault) => fault.kind === "minority")?.minority?.acked).toBe(false);
    // The load really ran through the faults.
    expect(report.check.acked).toBeGreaterThan(100);
    expect(report.check.queue.pushed).toBeGreaterThan(50);
    expect(report.verdict).toBe("pass");
  }, 120_000);
});
