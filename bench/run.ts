// `npm run bench`: runs every benchmark, prints a table and writes bench/results/latest.{md,json}
// with the machine and versions. Not part of `npm test`: figures are quoted, never asserted.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { natsServerBin } from "@em/testkit";
import { clusterCreateTime } from "./cluster-create.js";
import { realmListLatency } from "./realm-list-latency.js";
import type { Summary } from "./stats.js";

const format = (ms: number) => `${ms.toFixed(2)} ms`;

function row(name: string, summary: Summary): string {
  return `| ${name} | ${summary.runs} | ${format(summary.p50)} | ${format(summary.p99)} | ${format(summary.min)}–${format(summary.max)} |`;
}

const machine = {
  date: new Date().toISOString(),
  cpus: `${cpus().length} × ${cpus()[0]?.model ?? "unknown"}`,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  natsServer: execFileSync(natsServerBin(), ["--version"], { encoding: "utf8" }).trim(),
};

const realmList = await realmListLatency();
const clusterCreate = await clusterCreateTime();
const healthy = realmList["healthy"] as Summary;
const frozen = realmList["frozen"] as Summary;
const markdown = [
  "# Benchmark results",
  "",
  `Machine: ${machine.cpus}, ${machine.memoryGiB} GiB; Node ${machine.node}; ${machine.natsServer}; ${machine.date}.`,
  "Produced by `npm run bench`.",
  "",
  "## GET /api/realms (three realms, loopback)",
  "",
  "| case | runs | p50 | p99 | min–max |",
  "|---|---|---|---|---|",
  row("all three online", healthy),
  row("one realm frozen (SIGSTOP)", frozen),
  "",
  `Frozen / healthy p50 ratio: ${(realmList["ratioP50"] as number).toFixed(2)}.`,
  "",
  "## Create a three-realm cluster (POST /api/clusters until one master and quorum 3/3)",
  "",
  "| case | runs | p50 | p99 | min–max |",
  "|---|---|---|---|---|",
  row("three standalone realms → cluster", clusterCreate),
  "",
].join("\n");

const resultsDir = join(import.meta.dirname, "results");
mkdirSync(resultsDir, { recursive: true });
writeFileSync(join(resultsDir, "latest.md"), markdown);
writeFileSync(
  join(resultsDir, "latest.json"),
  `${JSON.stringify({ machine, realmList, clusterCreate }, null, 2)}\n`,
);
console.log(markdown);
