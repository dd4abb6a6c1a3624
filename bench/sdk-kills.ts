// The SDK failover measurement alone, with as many rounds as asked: issue 5's "a subscriber never
// stays stuck: 0 stalls over 30 s in 100 kills". Not part of `npm run bench` (it takes about
// 10 minutes for 100 kills). Run:
//   SDK_BENCH_KILLS=34 SDK_BENCH_BUDGET_MS=1800000 \
//   SDK_BENCH_CASES="SIGKILL, led nothing;SIGKILL, led the stream;SIGKILL, led the meta group" \
//   npx tsx bench/sdk-kills.ts
import { sdkFailoverStalls } from "./sdk-failover.js";
import { startBenchCluster } from "./sdk-cluster.js";

await using cluster = await startBenchCluster();
const figures = await sdkFailoverStalls(cluster);
let kills = 0;
let unrecovered = 0;
let anomalies = 0;
for (const [faultCase, stalls] of Object.entries(figures.cases)) {
  if (!stalls) continue;
  kills += stalls.subscriber.runs;
  unrecovered += stalls.unrecovered;
  anomalies += stalls.anomalies;
  console.log(
    `${faultCase}: ${stalls.subscriber.runs} rounds; subscriber stall p50 ${stalls.subscriber.p50.toFixed(0)} ms, ` +
      `max ${stalls.subscriber.max.toFixed(0)} ms; publisher p50 ${stalls.publisher.p50.toFixed(0)} ms, ` +
      `max ${stalls.publisher.max.toFixed(0)} ms; not recovered in 30 s: ${stalls.unrecovered}; lost or duplicated: ${stalls.anomalies}; ` +
      `failed: ${stalls.errors.length}`,
  );
}
console.log(
  `${kills} rounds${figures.cutShort ? " (cut short by the time budget)" : ""}: ${unrecovered} sessions not recovered within 30 s, ${anomalies} events lost or duplicated`,
);
