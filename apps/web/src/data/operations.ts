import { API_ROUTES, OperationSchema, apiPath, type Operation } from "@em/contracts";
import { queryOptions, replaceEqualDeep, useQuery, type QueryClient } from "@tanstack/react-query";
import { apiRequest } from "../lib/api-client.js";

/**
 * How often a running operation is fetched while the live feed is down; its
 * `operation:progress` pushes are the fast path.
 * @default 1_000
 */
export const OPERATION_POLL_INTERVAL_MS = 1_000;

/**
 * How often a running operation is fetched even while live, in case a push was missed.
 * @default 5_000
 */
export const OPERATION_LIVE_POLL_INTERVAL_MS = 5_000;

export const operationKeys = {
  all: ["operations"] as const,
  detail: (id: string) => [...operationKeys.all, id] as const,
};

export function operationQueryOptions(id: string) {
  return queryOptions({
    queryKey: operationKeys.detail(id),
    queryFn: ({ signal }) =>
      apiRequest(apiPath(API_ROUTES.getOperation.path, { id }), {
        schema: OperationSchema,
        signal,
      }),
    // A poll sent before the last push can answer after it; its older state must not win.
    structuralSharing: (cached: unknown, fetched: unknown) =>
      keepFurther(cached as Operation | undefined, fetched as Operation, operationProgress),
  });
}

/**
 * The state to keep when `next` arrives: `cached` if it is further along (steps only move
 * forward), else `next`, sharing the unchanged parts with `cached` so rows do not re-render.
 */
export function keepFurther<T>(cached: T | undefined, next: T, progress: (value: T) => number): T {
  if (cached === undefined) return next;
  return progress(cached) > progress(next) ? cached : replaceEqualDeep(cached, next);
}

/** One operation, kept current by pushes, polled while it runs (faster when the feed is down). */
export function useGetOperationQuery(id: string | null, { live }: { live: boolean }) {
  return useQuery({
    ...operationQueryOptions(id ?? ""),
    enabled: id !== null,
    refetchInterval: (query) =>
      query.state.data?.status === "running" || query.state.data === undefined
        ? live
          ? OPERATION_LIVE_POLL_INTERVAL_MS
          : OPERATION_POLL_INTERVAL_MS
        : false,
  });
}

/**
 * Puts a pushed or answered operation into the cache, unless the cache already holds a later
 * state of it (a poll answer may overtake a push, and steps only move forward).
 */
export function upsertOperation(queryClient: QueryClient, operation: Operation): void {
  queryClient.setQueryData(operationKeys.detail(operation.id), (current: Operation | undefined) =>
    keepFurther(current, operation, operationProgress),
  );
}

const STEP_RANK = { pending: 0, running: 1, done: 2, skipped: 2, failed: 2 } as const;

/** How far an operation has got: finished beats running, then the sum of step progress. */
export function operationProgress(operation: Operation): number {
  const finished = operation.status === "running" ? 0 : 1_000_000;
  return finished + operation.steps.reduce((sum, step) => sum + STEP_RANK[step.status], 0);
}
