import {
  API_ROUTES,
  DrillListSchema,
  DrillSchema,
  apiPath,
  type Drill,
  type DrillList,
  type StartDrill,
} from "@em/contracts";
import {
  queryOptions,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from "@tanstack/react-query";
import { apiRequest } from "../lib/api-client.js";
import { keepFurther, operationProgress } from "./operations.js";

/**
 * How often a running drill is fetched while the live feed is down; `drill:progress` pushes
 * are the fast path.
 * @default 1_000
 */
export const DRILL_POLL_INTERVAL_MS = 1_000;

/**
 * How often a running drill is fetched even while live, in case a push was missed.
 * @default 3_000
 */
export const DRILL_LIVE_POLL_INTERVAL_MS = 3_000;

/** @default 5_000 */
export const DRILLS_STALE_TIME_MS = 5_000;

export const drillKeys = {
  all: ["drills"] as const,
  list: () => [...drillKeys.all, "list"] as const,
  detail: (id: string) => [...drillKeys.all, "detail", id] as const,
};

export function drillListQueryOptions() {
  return queryOptions({
    queryKey: drillKeys.list(),
    queryFn: ({ signal }) =>
      apiRequest(apiPath(API_ROUTES.listDrills.path), { schema: DrillListSchema, signal }),
    staleTime: DRILLS_STALE_TIME_MS,
  });
}

/** Every kept drill and its report, newest first. */
export function useListDrillsQuery() {
  return useQuery(drillListQueryOptions());
}

/** One drill, kept current by pushes, polled while it runs (faster when the feed is down). */
export function useGetDrillQuery(id: string | null, { live }: { live: boolean }) {
  return useQuery({
    queryKey: drillKeys.detail(id ?? ""),
    queryFn: ({ signal }) =>
      apiRequest(apiPath(API_ROUTES.getDrill.path, { id: id ?? "" }), {
        schema: DrillSchema,
        signal,
      }),
    // A poll sent before the last push can answer after it; its older state must not win.
    structuralSharing: (cached: unknown, fetched: unknown) =>
      keepFurther(cached as Drill | undefined, fetched as Drill, drillProgress),
    enabled: id !== null,
    refetchInterval: (query) =>
      query.state.data?.status === "running" || query.state.data === undefined
        ? live
          ? DRILL_LIVE_POLL_INTERVAL_MS
          : DRILL_POLL_INTERVAL_MS
        : false,
  });
}

/** A drill's steps only move forward; its id sorts nothing, its start time orders the list. */
function withDrill(list: DrillList | undefined, drill: Drill): DrillList | undefined {
  if (!list) return list;
  const others = list.drills.filter((d) => d.id !== drill.id);
  const drills = [drill, ...others].sort(
    (a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt),
  );
  return { drills };
}

/**
 * Puts a pushed or answered drill into the cache, unless it already holds a later state (a
 * poll answer may overtake a push).
 */
export function upsertDrill(queryClient: QueryClient, drill: Drill): void {
  queryClient.setQueryData(drillKeys.detail(drill.id), (current: Drill | undefined) =>
    keepFurther(current, drill, drillProgress),
  );
  queryClient.setQueryData(drillKeys.list(), (list: DrillList | undefined) =>
    withDrill(list, queryClient.getQueryData<Drill>(drillKeys.detail(drill.id)) ?? drill),
  );
}

/** How far a drill has got, as {@link operationProgress} rates operations. */
export function drillProgress(drill: Drill): number {
  return operationProgress({ ...drill, kind: "create-cluster", cluster: drill.cluster ?? "" });
}

/** Start a drill (202 with the drill); its progress then arrives as `drill:progress`. */
export function useStartDrillMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: [...drillKeys.all, "start"],
    mutationFn: (body: StartDrill) =>
      apiRequest(apiPath(API_ROUTES.startDrill.path), {
        method: "POST",
        body,
        schema: DrillSchema,
      }),
    onSuccess: (drill) => upsertDrill(queryClient, drill),
  });
}
