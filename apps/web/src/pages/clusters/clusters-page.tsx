import { API_ROUTES, roleAllows, type ClusterSummary, type Me } from "@em/contracts";
import { useEffect } from "react";
import { ErrorNotice } from "../../components/error-notice.js";
import { LoadErrorNotice } from "../../components/load-error-notice.js";
import { Link } from "../../components/link.js";
import { CLUSTERS_POLL_INTERVAL_MS, useListClustersQuery } from "../../data/clusters.js";
import { useLiveStatus } from "../../live/live-status.js";
import { ClusterStatusBadge, CrownIcon, MemberDot, QuorumBar } from "./cluster-badges.js";

/** What a cluster is, for an operator who has none yet (UM's model, in its words). */
function ClustersEmpty({ canCreate }: { canCreate: boolean }) {
  return (
    <div className="empty" data-testid="clusters-empty">
      <h2>No clusters yet</h2>
      <p>
        A cluster is a group of realms that replicate their channels and queues to each other, so
        clients keep working when a realm fails. One member is the <strong>master</strong>; it
        orders every change. A cluster takes writes only while it has <strong>quorum</strong>: at
        least 51 % of its members online (2 of 3, 3 of 5). Two realms make a cluster, but it stops
        when either fails; three or more are recommended.
      </p>
      {canCreate ? (
        <p className="empty__action">
          <Link
            to={{ page: "create-cluster" }}
            className="button button--primary"
            data-testid="create-cluster"
          >
            Create a cluster
          </Link>
        </p>
      ) : (
        <p className="empty__action muted small">Creating a cluster needs the admin role.</p>
      )}
    </div>
  );
}

function ClusterRow({ cluster }: { cluster: ClusterSummary }) {
  return (
    <tr className="cluster-row" data-testid={`cluster-row-${cluster.name}`}>
      <th scope="row" className="cluster-row__name">
        <Link to={{ page: "cluster", name: cluster.name }}>{cluster.name}</Link>{" "}
        <Link
          to={{ page: "cluster-live", name: cluster.name }}
          className="small"
          data-testid={`cluster-live-${cluster.name}`}
          title="Topology, live events, demo traffic and drills"
        >
          live
        </Link>
      </th>
      <td>
        <ClusterStatusBadge status={cluster.status} testId={`cluster-status-${cluster.name}`} />
        {cluster.disagreement ? (
          <span className="stale" title="Members report different masters or peers">
            members disagree
          </span>
        ) : null}
      </td>
      <td className="nowrap">
        {cluster.master ? (
          <span className="master-name">
            <CrownIcon />
            {cluster.master}
          </span>
        ) : (
          <span className="text-danger">none</span>
        )}
      </td>
      <td>
        <QuorumBar quorum={cluster.quorum} />
      </td>
      <td>
        <span className="member-dots">
          {cluster.members.map((m) => (
            <MemberDot key={m.realm} realm={m.realm} state={m.state} />
          ))}
        </span>
      </td>
    </tr>
  );
}

export function ClustersPage({ me }: { me: Me }) {
  const live = useLiveStatus() === "live";
  const query = useListClustersQuery({ live });
  const canCreate = roleAllows(me.user.role, API_ROUTES.createCluster.access);
  const clusters = query.data?.clusters ?? [];
  const unhealthy = clusters.filter((c) => c.status !== "healthy").length;
  useEffect(() => {
    document.title =
      unhealthy > 0
        ? `(${unhealthy} unhealthy) Clusters · Enterprise Manager`
        : "Clusters · Enterprise Manager";
  }, [unhealthy]);

  return (
    <section className="page" aria-labelledby="clusters-title">
      <div className="page__header">
        <div>
          <h1 id="clusters-title" className="page__title">
            Clusters
          </h1>
          <p className="page__subtitle">
            Groups of realms that replicate channels and queues, with their master and quorum.
          </p>
        </div>
        {canCreate && clusters.length > 0 ? (
          <Link
            to={{ page: "create-cluster" }}
            className="button button--primary"
            data-testid="create-cluster"
          >
            Create cluster
          </Link>
        ) : null}
      </div>

      {query.isPending ? (
        <>
          <div className="loading" role="status">
            <span className="spinner" aria-hidden="true" /> Loading clusters…
          </div>
          {query.failureReason ? (
            <ErrorNotice
              error={query.failureReason}
              title={`Attempt ${query.failureCount} failed; trying again`}
            />
          ) : null}
        </>
      ) : query.isError && !query.data ? (
        <LoadErrorNotice query={query} title="The cluster list could not be loaded">
          {live ? "" : `The console tries again every ${CLUSTERS_POLL_INTERVAL_MS / 1000} s. `}
        </LoadErrorNotice>
      ) : clusters.length === 0 ? (
        <ClustersEmpty canCreate={canCreate} />
      ) : (
        <>
          {query.isError ? (
            <ErrorNotice error={query.error} title="Refreshing the cluster list failed" />
          ) : null}
          <div className="table-wrap">
            <table className="table" data-testid="cluster-table">
              <caption className="visually-hidden">Clusters, their master and quorum</caption>
              <thead>
                <tr>
                  <th scope="col">Cluster</th>
                  <th scope="col">Status</th>
                  <th scope="col">Master</th>
                  <th scope="col">Quorum</th>
                  <th scope="col">Members</th>
                </tr>
              </thead>
              <tbody>
                {clusters.map((cluster) => (
                  <ClusterRow key={cluster.name} cluster={cluster} />
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
