import type { ClusterHistory } from "@em/contracts";

/**
 * Each member's replica lag from its newest stored sample: what the topology's tooltip shows.
 * A realm without samples is left out (unknown), and so is a lag its sample could not measure.
 */
export function latestReplicaLag(history: ClusterHistory | undefined): Map<string, number | null> {
  const lag = new Map<string, number | null>();
  for (const series of history?.realms ?? []) {
    let newest: ClusterHistory["realms"][number]["samples"][number] | undefined;
    for (const sample of series.samples) {
      if (!newest || Date.parse(sample.at) > Date.parse(newest.at)) newest = sample;
    }
    if (newest) lag.set(series.realm, newest.replicaLag);
  }
  return lag;
}
