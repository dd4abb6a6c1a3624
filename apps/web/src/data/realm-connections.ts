import { API_ROUTES, BouncedSchema, RealmConnectionListSchema, apiPath } from "@em/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "../lib/api-client.js";
import { invalidateSessions } from "./sessions.js";

/**
 * How often a realm's connection list is fetched: it comes from the realm's monitoring
 * endpoint, which has no push.
 * @default 3_000
 */
export const CONNECTIONS_POLL_INTERVAL_MS = 3_000;

/** Rows of the connection list. @default 200 */
export const CONNECTIONS_PAGE_SIZE = 200;

export const realmConnectionKeys = {
  all: ["realm-connections"] as const,
  list: (realm: string) => [...realmConnectionKeys.all, realm] as const,
};

/** A realm's client connections now. */
export function useListRealmConnectionsQuery(realm: string) {
  return useQuery({
    queryKey: realmConnectionKeys.list(realm),
    queryFn: ({ signal }) =>
      apiRequest(
        `${apiPath(API_ROUTES.listRealmConnections.path, { name: realm })}?limit=${CONNECTIONS_PAGE_SIZE}`,
        { schema: RealmConnectionListSchema, signal },
      ),
    refetchInterval: CONNECTIONS_POLL_INTERVAL_MS,
  });
}

export interface BounceVariables {
  realm: string;
  cid: number;
}

/** Close one connection so its session reconnects elsewhere. */
export function useBounceConnectionMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: [...realmConnectionKeys.all, "bounce"],
    mutationFn: ({ realm, cid }: BounceVariables) =>
      apiRequest(apiPath(API_ROUTES.bounceConnection.path, { name: realm, cid: String(cid) }), {
        method: "POST",
        schema: BouncedSchema,
      }),
    onSettled: async (_data, _error, { realm }) => {
      await queryClient.invalidateQueries({ queryKey: realmConnectionKeys.list(realm) });
      await invalidateSessions(queryClient);
    },
  });
}
