// The client SDK's benchmarks on one three-realm cluster: throughput against raw
// `@nats-io/jetstream` first (healthy cluster), then the failover stalls (realms SIGKILLed).
import { sdkFailoverStalls, type KillCase, type SdkFailoverFigures } from "./sdk-failover.js";
import { startBenchCluster } from "./sdk-cluster.js";
import { sdkThroughput, type SdkThroughputFigures, type Throughput } from "./sdk-throughput.js";

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

const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(0)} ms` : "–");
const rate = (value: number) => `${Math.round(value).toLocaleString("en")} /s`;

function throughputRow(name: string, figures: Throughput, goal: string): string {
  return `| ${name} | ${rate(figures.sdk)} | ${rate(figures.raw)} | ${figures.ratio.toFixed(2)}× | ${goal} |`;
}

/** The markdown section of bench/results/latest.md. */
export function sdkMarkdown({ throughput, failover }: SdkBench): string[] {
  const cases = Object.entries(failover.cases) as [
    KillCase,
    SdkFailoverFigures["cases"][KillCase],
  ][];
  return [
    "## Client SDK (`@em/client`) on a three-realm cluster, R3 channels",
    "",
    `Throughput, SDK against raw \`@nats-io/jetstream\` in the same run, both on realm1; medians of ${throughput.publishOneAwait.rounds} alternating rounds.`,
    "",
    "| measure | SDK | raw | SDK / raw | goal |",
    "|---|---|---|---|---|",
    throughputRow(
      `publish, one await per event (${throughput.publishOneAwait.events} events)`,
      throughput.publishOneAwait,
      "≥ 0.9×",
    ),
    throughputRow(
      `SDK batched publisher (${throughput.publishBatched.inFlight} in flight, ${throughput.publishBatched.events} events) vs raw one-await`,
      throughput.publishBatched,
      "≥ 2×",
    ),
    throughputRow(
      `subscribe from EID 1 (${throughput.subscribe.events} stored events) vs raw ordered consumer`,
      throughput.subscribe,
      "≥ 0.9×",
    ),
    "",
    `Failover: SIGKILL of the realm a publisher session and a subscriber session are both on (each lists it first), ` +
      `${failover.killsPerCase} kills per case, interleaved${failover.cutShort ? " — cut short by the time budget" : ""}. ` +
      `Publisher stall: longest gap between two acknowledgements (one publish in flight, one every ${failover.paceMs} ms). ` +
      "Subscriber stall: longest an acknowledged event waited for the subscriber (from its acknowledgement, or from the kill " +
      "for events acknowledged before it). Reported: the sessions' own `reconnected.stallMs` (time without a realm).",
    "",
    "| killed realm | kills | publisher p50 | publisher max | subscriber p50 | subscriber max | reported p50 / max | not recovered in 30 s | events lost or duplicated |",
    "|---|---|---|---|---|---|---|---|---|",
    ...cases.map(
      ([name, figures]) =>
        `| ${name} | ${figures.publisher.runs} | ${ms(figures.publisher.p50)} | ${ms(figures.publisher.max)} | ` +
        `${ms(figures.subscriber.p50)} | ${ms(figures.subscriber.max)} | ${ms(figures.reported.p50)} / ${ms(figures.reported.max)} | ` +
        `${figures.unrecovered} | ${figures.anomalies} |`,
    ),
    "",
  ];
}
