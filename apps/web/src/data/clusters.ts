import {
  API_ROUTES,
  ClusterDetailSchema,
  ClusterListSchema,
  OperationAcceptedSchema,
  PreflightSchema,
  apiPath,
  type ClusterDetail,
  type ClusterList,
  type CreateCluster,
  type MemberState,
  type Operation,
} from "@em/contracts";
import {
  queryOptions,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from "@tanstack/react-query";
import { apiRequest } from "../lib/api-client.js";
import { upsertOperation } from "./operations.js";

/** @default 2_000 */
export const CLUSTERS_STALE_TIME_MS = 2_000;

/**
 * How often clusters are polled while the live feed is down (and only then).
 * @default 5_000
 */
export const CLUSTERS_POLL_INTERVAL_MS = 5_000;

export const clusterKeys = {
  all: ["clusters"] as const,
  list: () => [...clusterKeys.all, "list"] as const,
  detail: (name: string) => [...clusterKeys.all, "detail", name] as const,
};

export function clusterListQueryOptions() {
  return queryOptions({
    queryKey: clusterKeys.list(),
    queryFn: ({ signal }) =>
      apiRequest(apiPath(API_ROUTES.listClusters.path), { schema: ClusterListSchema, signal }),
    staleTime: CLUSTERS_STALE_TIME_MS,
  });
}

export function clusterDetailQueryOptions(name: string) {
  return queryOptions({
    queryKey: clusterKeys.detail(name),
    queryFn: ({ signal }) =>
      apiRequest(apiPath(API_ROUTES.getCluster.path, { name }), {
        schema: ClusterDetailSchema,
        signal,
      }),
    staleTime: CLUSTERS_STALE_TIME_MS,
  });
}

/** Every cluster; polls only while the live feed is down. */
export function useListClustersQuery({ live }: { live: boolean }) {
  return useQuery({
    ...clusterListQueryOptions(),
    refetchInterval: live ? false : CLUSTERS_POLL_INTERVAL_MS,
  });
}

/**
 * One cluster with its what-if; polls only while the live feed is down. `enabled: false`
 * keeps the last answer without fetching (while the cluster is being deleted).
 */
export function useGetClusterQuery(
  name: string,
  { live, enabled = true }: { live: boolean; enabled?: boolean },
) {
  return useQuery({
    ...clusterDetailQueryOptions(name),
    enabled,
    refetchInterval: live ? false : CLUSTERS_POLL_INTERVAL_MS,
  });
}

/** Refetches every cluster query (after an event or a finished operation). */
export function invalidateClusters(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: clusterKeys.all });
}

/**
 * A pushed member state, applied to the cached list and detail at once, before the refetch
 * that the same event triggers brings quorum and what-if up to date.
 */
export function applyMemberState(
  queryClient: QueryClient,
  cluster: string,
  realm: string,
  state: MemberState,
): void {
  const patch = <T extends ClusterDetail | ClusterList["clusters"][number]>(c: T): T =>
    c.name === cluster
      ? { ...c, members: c.members.map((m) => (m.realm === realm ? { ...m, state } : m)) }
      : c;
  queryClient.setQueryData(clusterKeys.list(), (list: ClusterList | undefined) =>
    list ? { clusters: list.clusters.map(patch) } : list,
  );
  queryClient.setQueryData(clusterKeys.detail(cluster), (detail: ClusterDetail | undefined) =>
    detail ? patch(detail) : detail,
  );
}

/** The preflight: `POST /api/clusters?dryRun=true`. Changes nothing. */
export function useRunPreflightMutation() {
  return useMutation({
    mutationKey: [...clusterKeys.all, "preflight"],
    mutationFn: (body: CreateCluster) =>
      apiRequest(`${apiPath(API_ROUTES.createCluster.path)}?dryRun=true`, {
        method: "POST",
        body,
        schema: PreflightSchema,
      }),
  });
}

/** Every mutation that starts an operation puts it in the cache and refreshes clusters. */
function useOperationMutation<V>(key: string, request: (variables: V) => Promise<Operation>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: [...clusterKeys.all, key],
    mutationFn: request,
    onSuccess: (operation) => upsertOperation(queryClient, operation),
    onSettled: () => invalidateClusters(queryClient),
  });
}

async function startOperation(
  path: string,
  method: "POST" | "DELETE",
  body?: unknown,
): Promise<Operation> {
  const { operation } = await apiRequest(path, {
    method,
    body,
    schema: OperationAcceptedSchema,
  });
  return operation;
}

/** Create a cluster: 202 with the operation, or 409 PREFLIGHT_FAILED with `details.preflight`. */
export function useCreateClusterMutation() {
  return useOperationMutation("create", (body: CreateCluster) =>
    startOperation(apiPath(API_ROUTES.createCluster.path), "POST", body),
  );
}

export function useDeleteClusterMutation() {
  return useOperationMutation("delete", ({ name }: { name: string }) =>
    startOperation(apiPath(API_ROUTES.deleteCluster.path, { name }), "DELETE"),
  );
}

export interface MemberVariables {
  name: string;
  realm: string;
}

export function useAddClusterMemberMutation() {
  return useOperationMutation("add-member", ({ name, realm }: MemberVariables) =>
    startOperation(apiPath(API_ROUTES.addClusterMember.path, { name }), "POST", { realm }),
  );
}

export function useRemoveClusterMemberMutation() {
  return useOperationMutation("remove-member", ({ name, realm }: MemberVariables) =>
    startOperation(apiPath(API_ROUTES.removeClusterMember.path, { name, realm }), "DELETE"),
  );
}

export function useEvictClusterMemberMutation() {
  return useOperationMutation("evict-member", ({ name, realm }: MemberVariables) =>
    startOperation(apiPath(API_ROUTES.evictClusterMember.path, { name, realm }), "POST"),
  );
}
