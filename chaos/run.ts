// `npm run chaos -- [--faults N] [--seed S] [--report <file>] [--min-hold-ms A --max-hold-ms B]
// [--kinds kill,restart,…] [--verbose]`: a seeded fault
// schedule against a three-realm cluster under SDK load, checked for lost, duplicated and
// reordered events and queue events consumed twice or never. Prints the schedule, one line per
// fault, the verdict and the command that replays the run; writes <file>.md and <file>.json.
// Exits 1 when the checker found anything.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { ChaosInterruptedError, runChaos } from "./chaos-run.js";
import { reportMarkdown } from "./report.js";
import { FAULT_KINDS, type FaultKind } from "./schedule.js";

function argument(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? undefined : process.argv[at + 1];
}

function integer(name: string, fallback: number): number {
  const raw = argument(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`--${name} takes a whole number ≥ 0, not '${raw}'`);
  return value;
}

const faults = integer("faults", 20);
const seed = integer("seed", Math.floor(Math.random() * 2 ** 31));
const reportPath = argument("report");
const minHoldMs = integer("min-hold-ms", 500);
const maxHoldMs = integer("max-hold-ms", 4_000);
if (maxHoldMs < minHoldMs) throw new Error("--max-hold-ms must be at least --min-hold-ms");
const holds =
  minHoldMs === 500 && maxHoldMs === 4_000
    ? ""
    : ` --min-hold-ms ${minHoldMs} --max-hold-ms ${maxHoldMs}`;
const kindsArgument = argument("kinds");
const kinds = kindsArgument?.split(",").map((kind) => {
  if (!(FAULT_KINDS as readonly string[]).includes(kind))
    throw new Error(`--kinds takes some of ${FAULT_KINDS.join(",")}, not '${kind}'`);
  return kind as FaultKind;
});
const only = kinds ? ` --kinds ${kinds.join(",")}` : "";
const replay = `npm run chaos -- --faults ${faults} --seed ${seed}${holds}${only}`;
console.log(`[chaos] ${replay}`);

const controller = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.once(signal, () => {
    console.log(`[chaos] ${signal}: no new faults; stopping everything (again to quit at once)`);
    controller.abort();
    process.once(signal, () => process.exit(130));
  });

// A generous bound: about 20 s per fault, then whatever was not started counts as not run.
const budgetMs = integer("budget-s", 120 + faults * 20) * 1000;
const report = await runChaos({
  seed,
  faults,
  replay,
  minHoldMs,
  maxHoldMs,
  ...(kinds ? { kinds } : {}),
  budgetMs,
  signal: controller.signal,
  verbose: process.argv.includes("--verbose"),
}).catch((error: unknown) => {
  if (!(error instanceof ChaosInterruptedError)) throw error;
  console.log(`[chaos] ${error.message}; every process it started is stopped`);
  process.exit(130);
});
const markdown = reportMarkdown(report);
console.log(`\n${markdown}`);
if (reportPath) {
  const base = reportPath.replace(/\.(md|json)$/, "");
  mkdirSync(dirname(base), { recursive: true });
  writeFileSync(`${base}.md`, markdown);
  writeFileSync(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`[chaos] wrote ${base}.md and ${base}.json`);
}
if (report.verdict === "fail")
  console.log(`[chaos] FAILED (${report.reasons.join("; ")}); replay: ${replay}`);
else console.log(`[chaos] passed; replay: ${replay}`);
process.exit(report.verdict === "pass" ? 0 : 1);
