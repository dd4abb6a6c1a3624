import { Suspense, lazy } from "react";

// The charts library is most of the console's weight: load it only where charts are shown.
const ClusterHistoryCharts = lazy(() =>
  import("./cluster-history.js").then((module) => ({ default: module.ClusterHistoryCharts })),
);

/** The history charts of a cluster, loaded on first use. */
export function LazyClusterHistoryCharts({ cluster }: { cluster: string }) {
  return (
    <Suspense fallback={<p className="muted">Loading charts…</p>}>
      <ClusterHistoryCharts cluster={cluster} />
    </Suspense>
  );
}
