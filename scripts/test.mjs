#!/usr/bin/env node
// `npm test` after setup: format check, lint and typecheck (through turbo), then every vitest
// suite — unit, integration against real realms, browser tests in Chromium — in one run.
// Ends with one plain line totalling every check and test: `N passed, N failed`.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const bin = (name) => join(root, "node_modules", ".bin", name);
let passed = 0;
let failed = 0;
let skipped = 0;

function run(label, command, args) {
  console.log(
    `\n[test] ${label}: ${[command, ...args].map((a) => a.replace(root, ".")).join(" ")}`,
  );
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: process.env });
  console.log(`[test] ${label} finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result.status ?? 1;
}

function count(label, ok) {
  if (ok) passed += 1;
  else failed += 1;
  console.log(`[test] ${label}: ${ok ? "passed" : "FAILED"}`);
}

count("format", run("format", bin("prettier"), ["--check", ".", "--log-level", "warn"]) === 0);

// turbo prints one task per package; each lint and typecheck task counts as one check.
const turbo = spawnSync(
  bin("turbo"),
  ["run", "lint", "typecheck", "--continue", "--output-logs=errors-only", "--log-order=grouped"],
  { cwd: root, encoding: "utf8", env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" } },
);
process.stdout.write(turbo.stdout);
process.stderr.write(turbo.stderr);
const tasks = /Tasks:\s+(\d+) successful, (\d+) total/.exec(turbo.stdout);
if (tasks) {
  const ok = Number(tasks[1]);
  const total = Number(tasks[2]);
  passed += ok;
  failed += total - ok;
  console.log(`[test] lint + typecheck: ${ok} of ${total} tasks passed`);
} else {
  count("lint + typecheck (turbo summary missing)", false);
}

// bench/ is not a workspace (it is run by `npm run bench`, not tested); keep it compiling and clean.
count(
  "bench typecheck + lint",
  run("bench typecheck", bin("tsc"), ["-p", "bench"]) === 0 &&
    run("bench lint", bin("eslint"), ["bench"]) === 0,
);

// chaos/ is not a workspace either (`npm run chaos`; its unit tests and a short seeded run are
// in the vitest run): same checks.
count(
  "chaos typecheck + lint",
  run("chaos typecheck", bin("tsc"), ["-p", "chaos"]) === 0 &&
    run("chaos lint", bin("eslint"), ["chaos"]) === 0,
);

// examples/ is not a workspace either (run with `npx tsx examples/<file>.ts`): same checks.
count(
  "examples typecheck + lint",
  run("examples typecheck", bin("tsc"), ["-p", "examples"]) === 0 &&
    run("examples lint", bin("eslint"), ["examples"]) === 0,
);

const reportDir = mkdtempSync(join(tmpdir(), "em-test-report-"));
const reportFile = join(reportDir, "vitest.json");
const vitestStatus = run("vitest", bin("vitest"), [
  "run",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${reportFile}`,
]);
try {
  const report = JSON.parse(readFileSync(reportFile, "utf8"));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  // A file that fails to load, or whose setup fails (its tests then skipped), has no failed
  // test to count: count the file itself as a failure.
  const brokenFiles = report.testResults.filter(
    (file) =>
      file.status === "failed" &&
      !file.assertionResults.some((result) => result.status === "failed"),
  ).length;
  failed += brokenFiles;
  const counted = report.numPassedTests + report.numFailedTests + brokenFiles;
  if (counted === 0) {
    console.error("[test] vitest ran no test");
    failed += 1;
  } else if (vitestStatus !== 0 && report.numFailedTests + brokenFiles === 0) {
    // Unhandled errors fail the run without failing a test: they still count.
    console.error(`[test] vitest exited with ${vitestStatus} although no test failed`);
    failed += 1;
  }
} catch (error) {
  console.error(`[test] no vitest report: ${error instanceof Error ? error.message : error}`);
  failed += 1;
}
rmSync(reportDir, { recursive: true, force: true });

if (skipped > 0) console.log(`\n[test] ${skipped} skipped (counted neither as passed nor failed)`);
// CI reads this exact last line: nothing may follow it or be added to it.
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
