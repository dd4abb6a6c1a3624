import { API_ROUTES, ClusterHistorySchema, apiPath } from "@em/contracts";
import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { apiRequest } from "../lib/api-client.js";

/**
 * How often the history charts refetch. Samples are stored every poll; a chart of an hour needs
 * no more than this, and the query never piles up (the next fetch waits for the last).
 * @default 5_000
 */
export const HISTORY_REFETCH_INTERVAL_MS = 5_000;

/**
 * The window the console charts.
 * @default 60
 */
export const HISTORY_WINDOW_MINUTES = 60;

export const historyKeys = {
  all: ["history"] as const,
  cluster: (name: string, minutes: number) =>
    [...historyKeys.all, "cluster", name, minutes] as const,
};

export function clusterHistoryQueryOptions(name: string, minutes = HISTORY_WINDOW_MINUTES) {
  return queryOptions({
    queryKey: historyKeys.cluster(name, minutes),
    queryFn: ({ signal }) =>
      apiRequest(`${apiPath(API_ROUTES.getClusterHistory.path, { name })}?minutes=${minutes}`, {
        schema: ClusterHistorySchema,
        signal,
      }),
    // Refetched on its interval, so a remount within it shows the cached charts at once.
    staleTime: HISTORY_REFETCH_INTERVAL_MS,
  });
}

/** A cluster's stored samples and totals, refetched every few seconds while shown. */
export function useGetClusterHistoryQuery(name: string, minutes = HISTORY_WINDOW_MINUTES) {
  return useQuery({
    ...clusterHistoryQueryOptions(name, minutes),
    refetchInterval: HISTORY_REFETCH_INTERVAL_MS,
    // Keeps the last charts on screen while a changed window loads.
    placeholderData: keepPreviousData,
  });
}
