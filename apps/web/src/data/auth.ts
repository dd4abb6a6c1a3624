import { API_ROUTES, MeSchema, apiPath, type Login, type Me } from "@em/contracts";
import {
  queryOptions,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from "@tanstack/react-query";
import { ApiRequestError, apiRequest } from "../lib/api-client.js";

/** How long the logged-in user is trusted before it is asked again. */
export const ME_STALE_TIME_MS = 5 * 60_000;

export const authKeys = {
  all: ["auth"] as const,
  me: () => [...authKeys.all, "me"] as const,
};

/** The logged-in user, or `null` when there is no session (the console shows the login page). */
export function meQueryOptions() {
  return queryOptions({
    queryKey: authKeys.me(),
    queryFn: async ({ signal }): Promise<Me | null> => {
      try {
        return await apiRequest(apiPath(API_ROUTES.me.path), { schema: MeSchema, signal });
      } catch (error) {
        if (error instanceof ApiRequestError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: ME_STALE_TIME_MS,
  });
}

export function useGetMeQuery() {
  return useQuery(meQueryOptions());
}

/**
 * Forgets the session in the browser: every cached resource goes, and `me` becomes null,
 * which brings the login page back. Called on logout and on any 401.
 */
export function endSessionLocally(queryClient: QueryClient): void {
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== authKeys.all[0] });
  queryClient.setQueryData(authKeys.me(), null);
}

export function useLoginMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (login: Login) =>
      apiRequest(apiPath(API_ROUTES.login.path), { method: "POST", body: login, schema: MeSchema }),
    onSuccess: (me) => {
      queryClient.setQueryData(authKeys.me(), me);
    },
  });
}

export function useLogoutMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest(apiPath(API_ROUTES.logout.path), { method: "POST" }),
    onSettled: () => endSessionLocally(queryClient),
  });
}
