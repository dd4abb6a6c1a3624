import { API_ROUTES, roleAllows, type Me } from "@em/contracts";
import { useEffect, useMemo } from "react";
import { ErrorNotice } from "../../components/error-notice.js";
import { Link } from "../../components/link.js";
import { useGetClusterQuery } from "../../data/clusters.js";
import { useGetClusterHistoryQuery } from "../../data/history.js";
import { useListRealmsQuery } from "../../data/realms.js";
import { useLiveStatus } from "../../live/live-status.js";
import { ClusterStatusBadge, CrownIcon, QuorumBar } from "../clusters/cluster-badges.js";
import { LazyClusterHistoryCharts } from "../clusters/lazy-cluster-history.js";
import { DemoTrafficPanel } from "./demo-traffic-panel.js";
import { DrillPanel } from "./drill-panel.js";
import { LiveEventStream } from "./live-event-stream.js";
import { latestReplicaLag } from "./replica-lag.js";
import { TopologyGraph } from "./topology-graph.js";
import { ClusterUnavailable } from "../clusters/cluster-unavailable.js";

/**
 * Watch failover live: the cluster's topology beside its live event stream, demo traffic and
 * the drill panel to cause a failover, and the history of the last hour below.
 */
export function ClusterLivePage({ me, name }: { me: Me; name: string }) {
  const live = useLiveStatus() === "live";
  const query = useGetClusterQuery(name, { live });
  const cluster = query.data;
  // The same query as the charts below: one fetch feeds both the charts and the tooltips.
  const history = useGetClusterHistoryQuery(name).data;
  const replicaLag = useMemo(() => latestReplicaLag(history), [history]);
  // Realm metrics arrive with every realms snapshot: clients visibly move during a failover.
  const realms = useListRealmsQuery({ live }).data?.realms;
  const connections = useMemo(
    () =>
      new Map(
        (realms ?? []).flatMap((r) =>
          r.metrics && r.status === "online" ? [[r.name, r.metrics.connections] as const] : [],
        ),
      ),
    [realms],
  );
  const canDrill = roleAllows(me.user.role, API_ROUTES.startDrill.access);
  const canDemo = roleAllows(me.user.role, API_ROUTES.startDemoTraffic.access);
  const memberNames = cluster?.members.map((m) => m.realm).join(",") ?? "";
  const members = useMemo(() => new Set(memberNames ? memberNames.split(",") : []), [memberNames]);

  const status = cluster?.status;
  useEffect(() => {
    document.title = `${status && status !== "healthy" ? `(${status}) ` : ""}${name} live · Enterprise Manager`;
  }, [name, status]);

  return (
    <section className="page" aria-labelledby="live-title">
      <div className="page__header">
        <div>
          <p className="breadcrumb">
            <Link to={{ page: "clusters" }}>Clusters</Link> /{" "}
            <Link to={{ page: "cluster", name }}>{name}</Link> /
          </p>
          <h1 id="live-title" className="page__title cluster-title">
            {name} live
            {cluster ? (
              <ClusterStatusBadge status={cluster.status} testId="live-cluster-status" />
            ) : null}
          </h1>
        </div>
        {cluster ? (
          <div className="live-summary">
            <span className="master-name" data-testid="live-master">
              {cluster.master ? (
                <>
                  <CrownIcon />
                  {cluster.master}
                </>
              ) : (
                <span className="text-danger">no master</span>
              )}
            </span>
            <QuorumBar quorum={cluster.quorum} testId="live-quorum" />
            <Link to={{ page: "sessions" }} className="button">
              Sessions
            </Link>
            <Link to={{ page: "drills" }} className="button">
              Drill reports
            </Link>
          </div>
        ) : null}
      </div>

      {query.isPending || (query.isError && !cluster) ? (
        <ClusterUnavailable name={name} query={query} live={live} />
      ) : cluster ? (
        <>
          {query.isError ? (
            <ErrorNotice
              error={query.error}
              title="Refreshing the cluster failed; showing the last answer"
            />
          ) : null}
          <div className="live-grid">
            <section className="panel" aria-labelledby="topology-title">
              <h2 id="topology-title" className="section-title">
                Topology <span className="muted small">hover or focus a member for details</span>
              </h2>
              <TopologyGraph
                members={cluster.members}
                replicaLag={replicaLag}
                connections={connections}
              />
            </section>
            <LiveEventStream cluster={name} members={members} live={live} />
          </div>
          <div className="live-grid live-grid--even">
            <DemoTrafficPanel cluster={name} canAct={canDemo} />
            <DrillPanel cluster={cluster} canAct={canDrill} live={live} />
          </div>
          <LazyClusterHistoryCharts cluster={name} />
        </>
      ) : null}
    </section>
  );
}
