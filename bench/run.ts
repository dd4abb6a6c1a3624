// `npm run bench`: runs every benchmark, prints a table and writes bench/results/latest.{md,json}
// with the machine and versions. Not part of `npm test`: figures are quoted, never asserted.
// Every figure comes with its runs, median, p99 and min–max, and with a baseline or ratio from
// the same run: the machine is shared, so absolute times vary from run to run.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, release, totalmem } from "node:os";
import { join } from "node:path";
import { natsServerBin, repoRoot } from "@em/testkit";
import { clusterCreateTime } from "./cluster-create.js";
import { drillStall, drillStallMarkdown } from "./drill-stall.js";
import type { FeedRun } from "./feed-latency.js";
import { realmListLatency } from "./realm-list-latency.js";
import { sdkBench, sdkMarkdown } from "./sdk-bench.js";
import { summaryCells, type Summary } from "./stats.js";
import { storeLatency } from "./stores.js";

const startedAt = new Date();
const started = performance.now();

function packageVersion(name: string): string {
  try {
    const manifest = JSON.parse(
      readFileSync(join(repoRoot, "node_modules", name, "package.json"), "utf8"),
    ) as { version?: string };
    return manifest.version ?? "unknown";
  } catch {
    return "not installed";
  }
}

function git(...args: string[]): string {
  try {
    return execFileSync("git", args, { cwd: repoRoot, encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}

const loadAverage = () => loadavg().map((value) => Number(value.toFixed(2)));

const machine = {
  date: startedAt.toISOString(),
  cpuModel: cpus()[0]?.model ?? "unknown",
  cores: cpus().length,
  cpus: `${cpus().length} × ${cpus()[0]?.model ?? "unknown"}`,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  kernel: `${process.platform} ${release()}`,
  /** 1, 5 and 15 minute load averages when the run started (the machine is shared). */
  loadAverageAtStart: loadAverage(),
  node: process.version,
  natsServer: execFileSync(natsServerBin(), ["--version"], { encoding: "utf8" }).trim(),
  packages: Object.fromEntries(
    [
      "@nats-io/jetstream",
      "@nats-io/transport-node",
      "socket.io",
      "socket.io-client",
      "express",
      "better-sqlite3",
    ].map((name) => [name, packageVersion(name)]),
  ),
  commit: git("rev-parse", "HEAD"),
  /** Files with uncommitted changes when the run started (others may work in the same tree). */
  uncommittedFiles: git("status", "--porcelain", "--untracked-files=no").split("\n").filter(Boolean)
    .length,
};

const realmList = await realmListLatency();
const clusterCreate = await clusterCreateTime();
const stores = await storeLatency();
const sdk = await sdkBench();
const drills = await drillStall();
const finishedAt = new Date();
const run = {
  startedAt: startedAt.toISOString(),
  finishedAt: finishedAt.toISOString(),
  minutes: (performance.now() - started) / 60_000,
  loadAverageAtEnd: loadAverage(),
};

const row = (name: string, summary: Summary) => `| ${name} | ${summaryCells(summary)} |`;
const count = (value: number) => value.toLocaleString("en");
const healthy = realmList["healthy"] as Summary;
const frozen = realmList["frozen"] as Summary;

function feedRows(feed: FeedRun): string[] {
  const rate = `${count(feed.targetPerSecond)}/s`;
  return [
    `| ${rate} | all | ${summaryCells(feed.latency)} |`,
    `| ${rate} | connection opened | ${summaryCells(feed.latencyOpened)} |`,
    `| ${rate} | connection closed | ${summaryCells(feed.latencyClosed)} |`,
  ];
}

function feedNote(feed: FeedRun): string {
  const made = feed.made.opened + feed.made.closed;
  const delivered = feed.delivered.opened + feed.delivered.closed;
  return (
    `- ${count(feed.targetPerSecond)}/s for ${feed.seconds} s: made at ${count(Math.round(feed.achievedPerSecond))}/s; ` +
    `${count(delivered)} of ${count(made)} events delivered, in ${count(feed.singles)} single events and ${count(feed.bursts)} bursts.`
  );
}

const storesState = `${count(stores.channels)} channels, ${count(stores.events)} events, ${count(stores.sessionsTotal)} sessions`;
const baselineState = `${stores.baselineChannels} channels, ${count(stores.sessionsBaselineTotal)} sessions`;

const markdown = [
  "# Benchmark results",
  "",
  `Produced by \`npm run bench\` in ${run.minutes.toFixed(1)} min (${run.startedAt} – ${run.finishedAt}), loopback only.`,
  "",
  "| machine | |",
  "|---|---|",
  `| CPU | ${machine.cores} × ${machine.cpuModel}, ${machine.memoryGiB} GiB |`,
  `| OS | ${machine.kernel} |`,
  `| load average (1, 5, 15 min) | ${machine.loadAverageAtStart.join(", ")} at the start, ${run.loadAverageAtEnd.join(", ")} at the end: the machine is shared |`,
  `| Node.js | ${machine.node} |`,
  `| nats-server | ${machine.natsServer.replace(/^nats-server: /, "")} |`,
  ...Object.entries(machine.packages).map(([name, version]) => `| ${name} | ${version} |`),
  `| commit | ${machine.commit}${machine.uncommittedFiles ? ` (the tree had uncommitted changes in ${machine.uncommittedFiles} file${machine.uncommittedFiles === 1 ? "" : "s"})` : ""} |`,
  "",
  "Every figure: runs, median (p50), p99 (nearest rank: with fewer than 100 runs, the largest) and min–max. " +
    "Absolute times on a shared machine vary; compare each with its baseline or ratio from the same run.",
  "",
  ...sdkMarkdown(sdk),
  ...drillStallMarkdown(drills),
  "",
  "## Live feed: realm event → socket.io client receipt",
  "",
  `Real realm events: client connections opened and closed on ${stores.feedRealm} of the three-realm cluster below (1,000 channels, 10,000 events), ` +
    "half the rate opening and half closing, each connection held 500 ms and named (so each is also a stored session). Each is a " +
    "`$SYS` connect/disconnect advisory the admin API ingests, stores and pushes on the live feed's `sessions` topic to a socket.io client of `/live`. " +
    "Latency: from the event's start on the client (the CONNECT sent, or the socket closed; the realm's advisory comes after either, so the figure errs long) " +
    "to the socket.io client's receipt of the feed event carrying it. " +
    "The feed holds connection events 150 ms and sends more than 50 as one `connections:burst` (counts per realm, no names), so at 1,000/s nearly " +
    "every event arrives in a burst, matched by count: the k-th event of a kind to the receipt that brought that kind's count to k. " +
    "The 150 ms hold alone accounts for a median near 75 ms.",
  "",
  ...stores.feed.map(feedNote),
  "",
  "| rate | events | runs | p50 | p99 | min–max |",
  "|---|---|---|---|---|---|",
  ...stores.feed.flatMap(feedRows),
  "",
  `## Admin API lists with ${storesState} (three-realm cluster, R${stores.replicas} channels)`,
  "",
  `Baseline: the same requests earlier in the same run, with ${baselineState}. Sessions: the live feed bench's named connections above; ` +
    "the admin API keeps at most 10,000 sessions without an open connection.",
  "",
  "| request | state | runs | p50 | p99 | min–max |",
  "|---|---|---|---|---|---|",
  `| GET /api/realms | baseline: ${baselineState} | ${summaryCells(stores.realmsList)} |`,
  `| GET /api/realms | ${storesState} | ${summaryCells(stores.realmsListFull)} |`,
  `| GET …/channels?limit=200 | baseline: ${baselineState} | ${summaryCells(stores.listBaseline)} |`,
  `| GET …/channels?limit=200 | ${storesState} | ${summaryCells(stores.list)} |`,
  `| GET …/channels?prefix=/bench/g3/&limit=200 (100 match) | ${storesState} | ${summaryCells(stores.listPrefix)} |`,
  `| GET /api/sessions?limit=200 | baseline: ${baselineState} | ${summaryCells(stores.sessionsBaseline)} |`,
  `| GET /api/sessions?limit=200 | ${storesState} | ${summaryCells(stores.sessions)} |`,
  `| GET …/channels/:channel/events?limit=50 (snoop, 100 events each) | ${storesState} | ${summaryCells(stores.snoop)} |`,
  `| POST …/channels (create one channel, R3, through the API) | baseline | ${summaryCells(stores.apiCreate)} |`,
  "",
  `p50 ratios, full / baseline: realms ${stores.ratios.realmsVsBaseline.toFixed(2)}; channel list ${stores.ratios.listVsBaseline.toFixed(2)}; ` +
    `prefix list / baseline list ${stores.ratios.prefixVsBaseline.toFixed(2)}; sessions ${stores.ratios.sessionsVsBaseline.toFixed(2)}; ` +
    `snoop page / baseline GET /api/realms ${stores.ratios.snoopVsRealms.toFixed(2)}.`,
  "",
  `Setup: ${stores.channels - stores.baselineChannels} channels created directly through JetStream with ${stores.replicas} ` +
    `replica(s) in ${stores.createSeconds.toFixed(1)} s (batches of 50 in parallel); the list showed all ` +
    `${stores.channels} ${stores.listCatchUpSeconds.toFixed(1)} s after the last was created; ` +
    `${count(stores.events)} events published in ${stores.publishSeconds.toFixed(1)} s (500 acks in flight).`,
  "",
  "## Create a three-realm cluster (POST /api/clusters until one master and quorum 3/3)",
  "",
  "| case | runs | p50 | p99 | min–max |",
  "|---|---|---|---|---|",
  row("three standalone realms → cluster", clusterCreate.create),
  row("stall of a client connected to realm1 meanwhile", clusterCreate.clientStall),
  "",
  "## GET /api/realms with one realm frozen (three standalone realms)",
  "",
  "| case | runs | p50 | p99 | min–max |",
  "|---|---|---|---|---|",
  row("all three online", healthy),
  row("one realm frozen (SIGSTOP)", frozen),
  "",
  `Frozen / healthy p50 ratio: ${(realmList["ratioP50"] as number).toFixed(2)}.`,
  "",
].join("\n");

/** @default bench/results — `BENCH_RESULTS_DIR=/tmp/x` keeps a trial run's files elsewhere. */
const resultsDir = process.env["BENCH_RESULTS_DIR"] ?? join(import.meta.dirname, "results");
mkdirSync(resultsDir, { recursive: true });
writeFileSync(join(resultsDir, "latest.md"), markdown);
writeFileSync(
  join(resultsDir, "latest.json"),
  `${JSON.stringify({ machine, run, realmList, clusterCreate, stores, sdk, drills }, null, 2)}\n`,
);
console.log(markdown);
