import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { endSessionLocally } from "../data/auth.js";
import { isTransientError, isUnauthenticated } from "./api-client.js";

/**
 * How often a query is retried after a transient failure (unreachable, 502/503/504).
 * Anything else (bad input, forbidden, not found) is shown at once.
 * @default 3
 */
export const MAX_TRANSIENT_RETRIES = 3;

/** The console's one QueryClient: retries only transient failures; a 401 anywhere ends the session. */
export function createQueryClient(): QueryClient {
  const onError = (error: unknown) => {
    if (isUnauthenticated(error)) endSessionLocally(queryClient);
  };
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        retry: (failureCount, error) =>
          isTransientError(error) && failureCount < MAX_TRANSIENT_RETRIES,
      },
      mutations: { retry: false },
    },
  });
  return queryClient;
}
