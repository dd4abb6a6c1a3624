import { API_ROUTES, HostListSchema, apiPath } from "@em/contracts";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiRequest } from "../lib/api-client.js";

/**
 * How often registered hosts are polled; hosts have no live feed yet.
 * @default 15_000
 */
export const HOSTS_POLL_INTERVAL_MS = 15_000;

/** @default 10_000 */
export const HOSTS_STALE_TIME_MS = 10_000;

export const hostKeys = {
  all: ["hosts"] as const,
  list: () => [...hostKeys.all, "list"] as const,
};

export function hostListQueryOptions() {
  return queryOptions({
    queryKey: hostKeys.list(),
    queryFn: ({ signal }) =>
      apiRequest(apiPath(API_ROUTES.listHosts.path), { schema: HostListSchema, signal }),
    staleTime: HOSTS_STALE_TIME_MS,
    refetchInterval: HOSTS_POLL_INTERVAL_MS,
  });
}

export function useListHostsQuery() {
  return useQuery(hostListQueryOptions());
}
