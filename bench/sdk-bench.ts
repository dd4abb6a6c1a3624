// The client SDK's benchmarks on one three-realm cluster: throughput against raw
// `@nats-io/jetstream` first (healthy cluster), then the failover stalls (realms SIGKILLed,
// SIGSTOPped, drilled).
import { sdkFailoverStalls, type FaultCase, type SdkFailoverFigures } from "./sdk-failover.js";
import { startBenchCluster } from "./sdk-cluster.js";
import { sdkThroughput, type SdkThroughputFigures, type Throughput } from "./sdk-throughput.js";
import { ms, rate, summaryCells } from "./stats.js";

export interface SdkBench {
  throughput: SdkThroughputFigures;
  failover: SdkFailoverFigures;
}

export async function sdkBench(): Promise<SdkBench> {
  await using cluster = await startBenchCluster();
  const throughput = await sdkThroughput(cluster);
  const failover = await sdkFailoverStalls(cluster);
  return { throughput, failover };
}

const THROUGHPUT: [keyof SdkThroughputFigures, string, string][] = [
  ["publishOneAwait", "publish, one await per event", "≥ 0.9×"],
  ["publishBatched", "SDK batched publish vs raw one-await", "≥ 2×"],
  ["subscribe", "subscribe from EID 1", "≥ 0.9×"],
];

function throughputTables(throughput: SdkThroughputFigures): string[] {
  const ratioRow = ([key, name, goal]: (typeof THROUGHPUT)[number]) => {
    const figures: Throughput = throughput[key];
    return `| ${name} | ${rate(figures.sdk)} | ${rate(figures.raw)} | ${figures.ratio.toFixed(2)}× | ${goal} |`;
  };
  const sideRows = ([key, name]: (typeof THROUGHPUT)[number]) => {
    const figures: Throughput = throughput[key];
    return [
      `| ${name} | SDK | ${summaryCells(figures.sdkRounds, rate)} |`,
      `| ${name} | raw | ${summaryCells(figures.rawRounds, rate)} |`,
    ];
  };
  return [
    "| measure | SDK (median) | raw (median) | SDK / raw | goal |",
    "|---|---|---|---|---|",
    ...THROUGHPUT.map(ratioRow),
    "",
    "| measure | who | runs | median | p99 | min–max |",
    "|---|---|---|---|---|---|",
    ...THROUGHPUT.flatMap(sideRows),
  ];
}

/** The markdown section of bench/results/latest.md. */
export function sdkMarkdown({ throughput, failover }: SdkBench): string[] {
  const cases = Object.entries(failover.cases) as [
    FaultCase,
    SdkFailoverFigures["cases"][FaultCase],
  ][];
  const stallRows = cases.flatMap(([name, figures]) => {
    if (!figures) return [];
    const tail = `${figures.unrecovered} | ${figures.anomalies} | ${figures.errors.length}`;
    return [
      `| ${name} | publisher | ${summaryCells(figures.publisher)} | ${tail} |`,
      `| ${name} | subscriber | ${summaryCells(figures.subscriber)} | ${tail} |`,
      `| ${name} | reported by the sessions | ${summaryCells(figures.reported)} | | | |`,
    ];
  });
  const errors = cases.flatMap(([name, figures]) =>
    (figures?.errors ?? []).map((error) => `- ${name}: ${error}`),
  );
  return [
    "## Client SDK (`@em/client`) on a three-realm cluster, R3 channels",
    "",
    `Throughput, SDK against raw \`@nats-io/jetstream\` in the same run, both on realm1, ${throughput.publishOneAwait.rounds} alternating rounds ` +
      "on fresh channels; each round's rate counts as one run (p99 of fewer than 100 runs is the largest). The ratio is of the medians. " +
      `Publish one-await: ${throughput.publishOneAwait.events} events per round; batched: the SDK's \`session.publisher(channel, { maxInFlight: ${throughput.publishBatched.inFlight} })\`, ` +
      `${throughput.publishBatched.events} events per round, against the raw one-await rounds; subscribe: ${throughput.subscribe.events} stored events read from EID 1 ` +
      "(SDK `subscribe({ fromEid: 1 })` against a raw ordered consumer).",
    "",
    ...throughputTables(throughput),
    "",
    "### Failover stall seen by SDK sessions",
    "",
    "A publisher session and a subscriber session both list the victim realm first, so both are on it when it fails; " +
      `${failover.killsPerCase} rounds per case, cases interleaved${failover.cutShort ? " — cut short by the time budget" : ""}. ` +
      `Publisher stall: the longest gap between two acknowledgements (one publish in flight, one every ${failover.paceMs} ms), from the last one before the fault. ` +
      "Subscriber stall: the longest an acknowledged event waited for the subscriber (from its acknowledgement, or from the fault for events acknowledged before it). " +
      "Reported: the sessions' own `reconnected.stallMs`, from giving up the realm to reaching another (so it leaves out the time to notice a silent realm). A round ends once both sessions reconnected, an event was acknowledged after that " +
      "and every acknowledged event was received; the victim is then brought back and the cluster healthy again before the next round. " +
      "SIGSTOP: the realm is paused (POST /api/realms/:name/actions/pause) and only the SDK's own round trips notice it (defaults: one every 1000 ms, silent after 1500 ms). " +
      `Graceful drill: POST /api/drills with action "graceful" on the stream leader (leaderships and the master moved away, then SIGTERM; started again after ${failover.drillObserveMs} ms).`,
    "",
    "| fault | seen by | runs | p50 | p99 | min–max | not recovered in 30 s | events lost or duplicated | rounds failed |",
    "|---|---|---|---|---|---|---|---|---|",
    ...stallRows,
    ...(errors.length ? ["", "Rounds that failed before measuring:", ...errors] : []),
    ...(failover.heals.length
      ? [
          "",
          `The cluster was not healthy again in time ${failover.heals.length} time(s); the members not caught up were restarted through the API before the next round:`,
          ...failover.heals.map((heal) => `- ${heal}`),
        ]
      : []),
    "",
    "Publisher stall p50 ratios: SIGKILL of the stream leader / graceful drill of it " +
      `${ratio(failover, "SIGKILL, led the stream", "graceful drill, led the stream")}; ` +
      `SIGSTOP / SIGKILL of a realm leading nothing ${ratio(failover, "SIGSTOP, led nothing", "SIGKILL, led nothing")}. ` +
      "A blocked publisher has no acknowledged events for the subscriber to wait for, so the subscriber's stall stays short when the publisher's is long.",
    "",
  ];
}

function ratio(failover: SdkFailoverFigures, a: FaultCase, b: FaultCase): string {
  const top = failover.cases[a]?.publisher.p50;
  const bottom = failover.cases[b]?.publisher.p50;
  if (top === undefined || bottom === undefined || !(bottom > 0)) return "–";
  return `${(top / bottom).toFixed(1)}× (${ms(top)} / ${ms(bottom)})`;
}
