import { LoadErrorNotice } from "../../components/load-error-notice.js";
import { Link } from "../../components/link.js";
import { CLUSTERS_POLL_INTERVAL_MS, type useGetClusterQuery } from "../../data/clusters.js";
import { ApiRequestError } from "../../lib/api-client.js";

/**
 * What a page about one cluster shows while it has no cluster to show: loading, no such
 * cluster, or why it could not be loaded with a retry. The cluster page and its live view.
 */
export function ClusterUnavailable({
  name,
  query,
  live,
}: {
  name: string;
  query: ReturnType<typeof useGetClusterQuery>;
  live: boolean;
}) {
  if (query.isPending) {
    return (
      <div className="loading" role="status">
        <span className="spinner" aria-hidden="true" /> Loading {name}…
      </div>
    );
  }
  if (query.error instanceof ApiRequestError && query.error.code === "NOT_FOUND") {
    return (
      <div className="empty" data-testid="cluster-not-found">
        <h2>No cluster named {name}</h2>
        <p>
          It may have been deleted. <Link to={{ page: "clusters" }}>See every cluster</Link>
        </p>
      </div>
    );
  }
  return (
    <LoadErrorNotice query={query} title={`Cluster ${name} could not be loaded`}>
      {live ? "" : `The console tries again every ${CLUSTERS_POLL_INTERVAL_MS / 1000} s. `}
    </LoadErrorNotice>
  );
}
