// What a failover drill costs the demo sessions (issue 6): graceful (store leaders and master
// moved away, then SIGTERM) against kill (SIGKILL) and restart (SIGTERM alone, then start) of
// the realm leading the channel, each run through the admin API's drills with its demo traffic
// (1 publisher, 2 subscribers, 20 events/s) on a three-realm cluster. Per drill the report's
// stall p50 and max over the demo sessions (each session's stall: the longest an event waited
// for it against when it was due, or its time without a realm). Kinds are interleaved, and the
// next victim is the channel's leader once the cluster is healthy again.
// `npx tsx bench/drill-stall.ts` runs it alone.
import { pathToFileURL } from "node:url";
import {
  API_ROUTES,
  DemoTrafficSchema,
  DrillSchema,
  apiPath,
  type Drill,
  type DrillAction,
} from "@em/contracts";
import { eventually } from "@em/testkit";
import { startBenchCluster, type BenchCluster } from "./sdk-cluster.js";
import { summarize, summaryCells, type Summary } from "./stats.js";

/** @default 5 — drills per kind. */
const DRILLS = Number(process.env["DRILL_BENCH_DRILLS"] ?? 5);
/** @default 10000 — the drills' observation window: longer than a kill's leader election. */
const OBSERVE_MS = 10_000;
const CHANNEL = "/bench/drills";
// A restart stops with SIGTERM without moving leaders first: how much the step-downs buy.
const KINDS = ["graceful", "kill", "restart"] as const satisfies readonly DrillAction[];
type Kind = (typeof KINDS)[number];
/** @default every kind — `DRILL_BENCH_KINDS=graceful,kill` runs some only. */
const RUN_KINDS = (process.env["DRILL_BENCH_KINDS"]?.split(",") ?? KINDS).filter(
  (kind): kind is Kind => (KINDS as readonly string[]).includes(kind),
);

export interface DrillStallFigures {
  /** Per kind: the drills' stall p50s and maxes, summarised over the drills. */
  kinds: Record<Kind, { p50: Summary; max: Summary; lost: number; duplicated: number }>;
  /** Drills that failed or found the cluster unhealthy, with why; not in the figures. */
  errors: string[];
  /** Kill p50 / graceful p50, both the median over their drills. */
  ratioP50: number;
  drills: number;
}

async function expectStatus(response: Response, status: number, what: string): Promise<unknown> {
  const text = await response.text();
  if (response.status !== status) throw new Error(`${what}: ${response.status} ${text}`);
  return JSON.parse(text) as unknown;
}

async function runDrill(cluster: BenchCluster, realm: string, action: Kind): Promise<Drill> {
  const started = DrillSchema.parse(
    await expectStatus(
      await cluster.session.post(API_ROUTES.startDrill.path, {
        realm,
        action,
        observeMs: OBSERVE_MS,
      }),
      202,
      `start ${action} drill of ${realm}`,
    ),
  );
  const path = apiPath(API_ROUTES.getDrill.path, { id: started.id });
  const drill = await eventually(
    `${action} drill of ${realm}`,
    async () => {
      const current = DrillSchema.parse(
        await expectStatus(await cluster.session.get(path), 200, "drill"),
      );
      return current.status === "running" ? null : current;
    },
    OBSERVE_MS + 120_000,
  );
  if (drill.status !== "succeeded" || !drill.report)
    throw new Error(`${action} drill of ${realm} failed: ${drill.error?.message}`);
  return drill;
}

export async function drillStall(): Promise<DrillStallFigures> {
  await using cluster = await startBenchCluster();
  await cluster.createChannel(CHANNEL);
  await cluster.healthy(CHANNEL);
  await expectStatus(
    await cluster.session.post(API_ROUTES.startDemoTraffic.path, {
      cluster: cluster.name,
      channel: CHANNEL,
      publishers: 1,
      subscribers: 2,
      ratePerSecond: 20,
    }),
    200,
    "start demo traffic",
  );
  const reports = new Map<Kind, Drill[]>(KINDS.map((kind) => [kind, []]));
  const errors: string[] = [];
  try {
    for (let round = 1; round <= DRILLS; round++) {
      for (const kind of RUN_KINDS) {
        let drill: Drill;
        let leader = "?";
        try {
          ({ leader } = await cluster.healthy(CHANNEL));
          drill = await runDrill(cluster, leader, kind);
        } catch (error) {
          const message = `drill ${round} ${kind} of ${leader}: ${error instanceof Error ? error.message : String(error)}`;
          errors.push(message);
          console.warn(`[bench] ${message}`);
          continue;
        }
        reports.get(kind)?.push(drill);
        const report = drill.report;
        console.log(
          `[bench] drill ${round} ${kind} of ${leader}: stall p50 ${report?.stallP50Ms} ms, max ${report?.stallMaxMs} ms, ` +
            `${report?.sessions.length} failovers, ${report?.lost} lost, ${report?.duplicated} duplicated`,
        );
      }
    }
  } finally {
    const stopped = DemoTrafficSchema.parse(
      await expectStatus(
        await cluster.session.delete(API_ROUTES.stopDemoTraffic.path),
        200,
        "stop demo traffic",
      ),
    );
    console.log(`[bench] demo sessions at the end: ${JSON.stringify(stopped.sessions)}`);
  }
  const figures = (kind: Kind) => {
    const drills = reports.get(kind) ?? [];
    return {
      p50: summarize(drills.map((d) => d.report?.stallP50Ms ?? Number.NaN)),
      max: summarize(drills.map((d) => d.report?.stallMaxMs ?? Number.NaN)),
      lost: drills.reduce((sum, d) => sum + (d.report?.lost ?? 0), 0),
      duplicated: drills.reduce((sum, d) => sum + (d.report?.duplicated ?? 0), 0),
    };
  };
  const kinds = {
    graceful: figures("graceful"),
    kill: figures("kill"),
    restart: figures("restart"),
  };
  return {
    kinds,
    errors,
    ratioP50: kinds.kill.p50.p50 / kinds.graceful.p50.p50,
    drills: DRILLS,
  };
}

/** The markdown section for bench/results. */
export function drillStallMarkdown(figures: DrillStallFigures): string[] {
  const rows = (kind: Kind) => {
    const { p50, max, lost, duplicated } = figures.kinds[kind];
    return [
      `| ${kind} | each drill's stall p50 | ${summaryCells(p50)} | ${lost} / ${duplicated} |`,
      `| ${kind} | each drill's stall max | ${summaryCells(max)} | |`,
    ];
  };
  return [
    "## Failover drills on the channel leader's realm, demo traffic running (POST /api/drills)",
    "",
    "Demo traffic: 1 publisher and 2 subscriber sessions at 20 events/s on an R3 channel. Each drill's report gives the stall p50 and max over " +
      "the demo sessions that failed over; the table summarises those over the drills (runs = drills; p99 of fewer than 100 is the largest).",
    "",
    "| drill | figure | drills | median | p99 | min–max | lost / duplicated |",
    "|---|---|---|---|---|---|---|",
    ...rows("graceful"),
    ...rows("kill"),
    ...rows("restart"),
    "",
    `Kill / graceful stall p50: ${figures.ratioP50.toFixed(1)}×. Goal: graceful p50 ≤ 100 ms and max ≤ 300 ms; kill 4–8 s.`,
    ...(figures.errors.length
      ? ["", "Drills that failed (not in the figures):", ...figures.errors.map((e) => `- ${e}`)]
      : []),
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const figures = await drillStall();
  console.log(drillStallMarkdown(figures).join("\n"));
}
