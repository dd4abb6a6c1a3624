import {
  API_ROUTES,
  DemoTrafficSchema,
  apiPath,
  type DemoTraffic,
  type StartDemoTraffic,
} from "@em/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "../lib/api-client.js";

/**
 * How often the demo sessions' counts are fetched while they run. The next fetch starts only
 * when the last one finished, so a slow API never piles requests up.
 * @default 1_000
 */
export const DEMO_TRAFFIC_POLL_INTERVAL_MS = 1_000;

/**
 * How often it is asked whether demo traffic runs while it does not (someone else may start it).
 * @default 10_000
 */
export const DEMO_TRAFFIC_IDLE_POLL_INTERVAL_MS = 10_000;

export const demoTrafficKeys = { all: ["demo-traffic"] as const };

/** The built-in demo sessions and their counts; polled every second while they run. */
export function useGetDemoTrafficQuery() {
  return useQuery({
    queryKey: demoTrafficKeys.all,
    queryFn: ({ signal }) =>
      apiRequest(apiPath(API_ROUTES.getDemoTraffic.path), { schema: DemoTrafficSchema, signal }),
    refetchInterval: (query) =>
      query.state.data?.running
        ? DEMO_TRAFFIC_POLL_INTERVAL_MS
        : DEMO_TRAFFIC_IDLE_POLL_INTERVAL_MS,
  });
}

function useDemoTrafficMutation<V>(key: string, request: (variables: V) => Promise<DemoTraffic>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: [...demoTrafficKeys.all, key],
    mutationFn: request,
    onSuccess: (traffic) => queryClient.setQueryData(demoTrafficKeys.all, traffic),
  });
}

export function useStartDemoTrafficMutation() {
  return useDemoTrafficMutation("start", (body: StartDemoTraffic) =>
    apiRequest(apiPath(API_ROUTES.startDemoTraffic.path), {
      method: "POST",
      body,
      schema: DemoTrafficSchema,
    }),
  );
}

export function useStopDemoTrafficMutation() {
  return useDemoTrafficMutation("stop", () =>
    apiRequest(apiPath(API_ROUTES.stopDemoTraffic.path), {
      method: "DELETE",
      schema: DemoTrafficSchema,
    }),
  );
}
