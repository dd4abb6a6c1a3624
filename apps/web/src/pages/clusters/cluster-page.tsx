import { API_ROUTES, roleAllows, type ClusterDetail, type Me } from "@em/contracts";
import { useEffect, useState } from "react";
import { ErrorNotice } from "../../components/error-notice.js";
import { AlertIcon } from "../../components/icons.js";
import { Link } from "../../components/link.js";
import { useGetClusterQuery, useListClustersQuery } from "../../data/clusters.js";
import { useGetOperationQuery } from "../../data/operations.js";
import { useListRealmsQuery } from "../../data/realms.js";
import { useLiveStatus } from "../../live/live-status.js";
import type { ClusterActionRequest } from "./cluster-action-copy.js";
import { ClusterActionDialog } from "./cluster-action-dialog.js";
import { ClusterStatusBadge, CrownIcon, QuorumBar } from "./cluster-badges.js";
import { ClusterEventsList } from "./cluster-events-list.js";
import { LazyClusterHistoryCharts } from "./lazy-cluster-history.js";
import { failuresTolerated, standaloneRealms } from "./cluster-format.js";
import { ClusterMembers } from "./cluster-members.js";
import { OperationProgress } from "./operation-progress.js";
import { ClusterUnavailable } from "./cluster-unavailable.js";

/** Plain-words checks on the cluster's state: the impact, and what to do. */
function insights(cluster: ClusterDetail): string[] {
  const down = cluster.members.filter((m) => m.state === "offline").map((m) => m.realm);
  const out: string[] = [];
  if (!cluster.quorum.held) {
    const missing = cluster.quorum.needed - cluster.quorum.online;
    out.push(
      `Cluster ${cluster.name} has no quorum: it takes no writes until ${missing} more ${missing === 1 ? "member is" : "members are"} back online${down.length ? ` (start ${down.join(", ")})` : ""}.`,
    );
  } else if (down.length > 0 && failuresTolerated(cluster.quorum) === 0) {
    out.push(
      `${down.join(", ")} ${down.length === 1 ? "is" : "are"} offline: one more failure and cluster ${cluster.name} loses quorum; restart ${down.length === 1 ? "it" : "them"} or add a member.`,
    );
  } else if (cluster.members.length === 2) {
    out.push(
      "A two-realm cluster loses quorum when either realm fails (51 % rule); add a third realm for high availability.",
    );
  }
  if (cluster.disagreement)
    out.push(
      "Members report different masters or peers; each member's own view is shown below. This usually settles within an election.",
    );
  return out;
}

/** The cluster's last operation while it runs or when it failed: never half-applied silently. */
function LastOperation({ id, live }: { id: string; live: boolean }) {
  const query = useGetOperationQuery(id, { live });
  const operation = query.data;
  if (!operation || operation.status === "succeeded") return null;
  return (
    <section className="panel" aria-labelledby="last-op-title" data-testid="last-operation">
      <h2 id="last-op-title" className="section-title">
        {operation.status === "running" ? "Running now" : "Last change failed"}:{" "}
        <code>{operation.kind}</code>
      </h2>
      <OperationProgress operation={operation} />
    </section>
  );
}

export function ClusterPage({ me, name }: { me: Me; name: string }) {
  const live = useLiveStatus() === "live";
  // While a delete runs, every event would refetch a cluster that is about to answer 404.
  const [deleting, setDeleting] = useState(false);
  const query = useGetClusterQuery(name, { live, enabled: !deleting });
  const realmsQuery = useListRealmsQuery({ live });
  const clustersQuery = useListClustersQuery({ live });
  const [request, setRequest] = useState<ClusterActionRequest | null>(null);
  const canAct = roleAllows(me.user.role, API_ROUTES.addClusterMember.access);
  const cluster = query.data;

  const status = cluster?.status;
  useEffect(() => {
    document.title = `${status && status !== "healthy" ? `(${status}) ` : ""}${name} · Clusters · Enterprise Manager`;
  }, [name, status]);

  const candidates = standaloneRealms(
    realmsQuery.data?.realms ?? [],
    clustersQuery.data?.clusters ?? [],
  );

  return (
    <section className="page" aria-labelledby="cluster-title">
      <div className="page__header">
        <div>
          <p className="breadcrumb">
            <Link to={{ page: "clusters" }}>Clusters</Link> /
          </p>
          <h1 id="cluster-title" className="page__title cluster-title">
            {name}
            {cluster ? (
              <ClusterStatusBadge status={cluster.status} testId="cluster-status" />
            ) : null}
          </h1>
        </div>
        {cluster ? (
          <div className="toolbar">
            <Link
              to={{ page: "cluster-live", name }}
              className="button button--primary"
              data-testid="cluster-live"
              title="Topology, live events, demo traffic, drills and history"
            >
              Watch live
            </Link>
            <Link
              to={{ page: "stores", owner: "cluster", name, kind: "channel" }}
              className="button"
              data-testid="cluster-channels"
            >
              Channels
            </Link>
            <Link
              to={{ page: "stores", owner: "cluster", name, kind: "queue" }}
              className="button"
              data-testid="cluster-queues"
            >
              Queues
            </Link>
            {canAct ? (
              <>
                <button
                  type="button"
                  className="button"
                  onClick={() => setRequest({ kind: "add" })}
                  data-testid="cluster-add-member"
                >
                  Add member
                </button>
                <button
                  type="button"
                  className="button button--danger-ghost"
                  onClick={() => setRequest({ kind: "delete" })}
                  data-testid="cluster-delete"
                >
                  Delete cluster
                </button>
              </>
            ) : null}
          </div>
        ) : null}
      </div>

      {query.isPending || (query.isError && !cluster) ? (
        <ClusterUnavailable name={name} query={query} live={live} />
      ) : cluster ? (
        <>
          {query.isError ? (
            <ErrorNotice error={query.error} title="Refreshing the cluster failed" />
          ) : null}
          <div className="cluster-summary panel">
            <div className="cluster-summary__item">
              <span className="field__label">Master</span>
              <span data-testid="cluster-master" className="master-name">
                {cluster.master ? (
                  <>
                    <CrownIcon />
                    {cluster.master}
                  </>
                ) : (
                  <span className="text-danger">none elected</span>
                )}
              </span>
            </div>
            <div className="cluster-summary__item cluster-summary__item--grow">
              <span className="field__label">Quorum (51 % of members)</span>
              <QuorumBar quorum={cluster.quorum} testId="cluster-quorum" />
            </div>
            <div className="cluster-summary__item">
              <span className="field__label">Created</span>
              <span>{new Date(cluster.createdAt).toLocaleString()}</span>
            </div>
          </div>
          {insights(cluster).map((text) => (
            <div key={text} className="notice notice--warning" data-testid="cluster-insight">
              <AlertIcon className="notice__icon" />
              <p>{text}</p>
            </div>
          ))}
          {cluster.lastOperationId ? (
            <LastOperation id={cluster.lastOperationId} live={live} />
          ) : null}
          <ClusterMembers
            cluster={cluster}
            canAct={canAct}
            onRemove={(realm) => setRequest({ kind: "remove", realm })}
            onEvict={(realm) => setRequest({ kind: "evict", realm })}
          />
          <ClusterEventsList cluster={name} live={live} />
          {/* Its refetches would ask for a cluster about to answer 404. */}
          {deleting ? null : <LazyClusterHistoryCharts cluster={name} />}
          <ClusterActionDialog
            cluster={cluster}
            request={request}
            candidates={candidates}
            onDeleting={setDeleting}
            onClose={() => setRequest(null)}
          />
        </>
      ) : null}
    </section>
  );
}
