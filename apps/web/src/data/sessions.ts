import {
  API_ROUTES,
  SessionDetailSchema,
  SessionListSchema,
  apiPath,
  type SessionDetail,
} from "@em/contracts";
import { keepPreviousData, queryOptions, useQuery, type QueryClient } from "@tanstack/react-query";
import { apiRequest } from "../lib/api-client.js";

/** @default 1_000 */
export const SESSIONS_STALE_TIME_MS = 1_000;

/**
 * How often sessions are polled while the live feed is down (and only then); while live,
 * "sessions" pushes refetch them, at most every {@link SESSIONS_REFRESH_MIN_INTERVAL_MS}.
 * @default 5_000
 */
export const SESSIONS_POLL_INTERVAL_MS = 5_000;

/**
 * The least time between two refetches caused by pushes: a realm with a thousand clients
 * dying refetches the table once a second, not a thousand times.
 * @default 1_000
 */
export const SESSIONS_REFRESH_MIN_INTERVAL_MS = 1_000;

/** Rows of the sessions table. @default 200 */
export const SESSIONS_PAGE_SIZE = 200;

export const sessionKeys = {
  all: ["sessions"] as const,
  list: (realm: string) => [...sessionKeys.all, "list", realm] as const,
  detail: (session: string) => [...sessionKeys.all, "detail", session] as const,
};

export function sessionListQueryOptions(realm: string) {
  const query = new URLSearchParams({ limit: String(SESSIONS_PAGE_SIZE) });
  if (realm) query.set("realm", realm);
  return queryOptions({
    queryKey: sessionKeys.list(realm),
    queryFn: ({ signal }) =>
      apiRequest(`${apiPath(API_ROUTES.listSessions.path)}?${query.toString()}`, {
        schema: SessionListSchema,
        signal,
      }),
    staleTime: SESSIONS_STALE_TIME_MS,
  });
}

/** Client sessions, most recently active first; `realm` ("" for all) keeps those on one realm. */
export function useListSessionsQuery(realm: string, { live }: { live: boolean }) {
  return useQuery({
    ...sessionListQueryOptions(realm),
    placeholderData: keepPreviousData,
    refetchInterval: live ? false : SESSIONS_POLL_INTERVAL_MS,
  });
}

/**
 * One session and its timeline; polled every `pollMs` while something is expected to change it
 * soon, until `settled` says the change arrived.
 */
export function useGetSessionQuery(
  session: string,
  {
    live,
    pollMs,
    settled,
  }: { live: boolean; pollMs?: number; settled?: (detail: SessionDetail) => boolean },
) {
  return useQuery({
    queryKey: sessionKeys.detail(session),
    queryFn: ({ signal }) =>
      apiRequest(apiPath(API_ROUTES.getSession.path, { session }), {
        schema: SessionDetailSchema,
        signal,
      }),
    staleTime: SESSIONS_STALE_TIME_MS,
    refetchInterval: (query) => {
      const detail = query.state.data;
      if (pollMs !== undefined && !(detail && settled?.(detail))) return pollMs;
      return live ? false : SESSIONS_POLL_INTERVAL_MS;
    },
  });
}

/** Refetches sessions after pushes, without aborting a refetch already running. */
export function invalidateSessions(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: sessionKeys.all }, { cancelRefetch: false });
}
