// The SDK-vs-raw throughput figures alone, for a rerun on a quiet machine (the full
// `npm run bench` takes 13 minutes and shares the machine with whatever else runs). Run:
//   npx tsx bench/sdk-throughput-alone.ts
import { startBenchCluster } from "./sdk-cluster.js";
import { sdkThroughput } from "./sdk-throughput.js";

await using cluster = await startBenchCluster();
console.log(JSON.stringify(await sdkThroughput(cluster), null, 1));
