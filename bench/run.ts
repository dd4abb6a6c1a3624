// `npm run bench`: runs every benchmark, prints a table and writes bench/results/latest.{md,json}
// with the machine and versions. Not part of `npm test`: figures are quoted, never asserted.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { natsServerBin } from "@em/testkit";
import { clusterCreateTime } from "./cluster-create.js";
import { drillStall, drillStallMarkdown } from "./drill-stall.js";
import { realmListLatency } from "./realm-list-latency.js";
import { sdkBench, sdkMarkdown } from "./sdk-bench.js";
import { storeLatency } from "./stores.js";
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
const stores = await storeLatency();
const sdk = await sdkBench();
const drills = await drillStall();
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
  row("three standalone realms → cluster", clusterCreate.create),
  row("stall of a client connected to realm1 meanwhile", clusterCreate.clientStall),
  "",
  `## Cluster channels: ${stores.channels.toLocaleString("en")} channels (R${stores.replicas}), ${stores.events.toLocaleString("en")} events, three-realm cluster`,
  "",
  "| request | runs | p50 | p99 | min–max |",
  "|---|---|---|---|---|",
  row("baseline: GET /api/realms", stores.realmsList),
  row(
    `baseline: GET …/channels?limit=200 with ${stores.baselineChannels} channels`,
    stores.listBaseline,
  ),
  row(`GET …/channels?limit=200 with ${stores.channels} channels`, stores.list),
  row("GET …/channels?prefix=/bench/g3/&limit=200 (100 match)", stores.listPrefix),
  row("GET …/channels/:channel/events?limit=50 (snoop, 100 events each)", stores.snoop),
  row("POST …/channels (create one channel, R3, through the API)", stores.apiCreate),
  "",
  `p50 ratios: list of ${stores.channels} / list of ${stores.baselineChannels} = ${stores.ratios.listVsBaseline.toFixed(2)}; ` +
    `prefix list / list of ${stores.baselineChannels} = ${stores.ratios.prefixVsBaseline.toFixed(2)}; ` +
    `snoop page / GET /api/realms = ${stores.ratios.snoopVsRealms.toFixed(2)}.`,
  "",
  `Setup: ${stores.channels - stores.baselineChannels} channels created directly through JetStream with ${stores.replicas} ` +
    `replica(s) in ${stores.createSeconds.toFixed(1)} s (batches of 50 in parallel); the list showed all ` +
    `${stores.channels} ${stores.listCatchUpSeconds.toFixed(1)} s after the last was created; ` +
    `${stores.events.toLocaleString("en")} events published in ${stores.publishSeconds.toFixed(1)} s (500 acks in flight).`,
  "",
  ...sdkMarkdown(sdk),
  "",
  ...drillStallMarkdown(drills),
].join("\n");

const resultsDir = join(import.meta.dirname, "results");
mkdirSync(resultsDir, { recursive: true });
writeFileSync(join(resultsDir, "latest.md"), markdown);
writeFileSync(
  join(resultsDir, "latest.json"),
  `${JSON.stringify({ machine, realmList, clusterCreate, stores, sdk, drills }, null, 2)}\n`,
);
console.log(markdown);
