import {
  API_ROUTES,
  AppCredentialChangeSchema,
  AppCredentialListSchema,
  AppCredentialSecretSchema,
  apiPath,
  type AppPermissions,
  type CreateAppCredential,
} from "@em/contracts";
import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "../lib/api-client.js";

/** @default 10_000 */
export const APP_CREDENTIALS_STALE_TIME_MS = 10_000;

/** Hosts that have not taken the latest credentials are retried; the page shows when they have. */
export const APP_CREDENTIALS_POLL_INTERVAL_MS = 5_000;

export const appCredentialKeys = {
  all: ["app-credentials"] as const,
  list: () => [...appCredentialKeys.all, "list"] as const,
};

export function appCredentialListQueryOptions() {
  return queryOptions({
    queryKey: appCredentialKeys.list(),
    queryFn: ({ signal }) =>
      apiRequest(apiPath(API_ROUTES.listAppCredentials.path), {
        schema: AppCredentialListSchema,
        signal,
      }),
    staleTime: APP_CREDENTIALS_STALE_TIME_MS,
    // Polled only while some host is still pending.
    refetchInterval: (query) =>
      (query.state.data?.sync.pendingHosts.length ?? 0) > 0
        ? APP_CREDENTIALS_POLL_INTERVAL_MS
        : false,
  });
}

/** Every application credential (never a password) and the hosts still taking the latest. */
export function useListAppCredentialsQuery() {
  return useQuery(appCredentialListQueryOptions());
}

function useInvalidateAppCredentials() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: appCredentialKeys.all });
}

/**
 * Answers the password once. Callers keep it in component state only and `reset()` the mutation
 * once it is dismissed, so it does not linger in the mutation cache.
 */
export function useCreateAppCredentialMutation() {
  const onSettled = useInvalidateAppCredentials();
  return useMutation({
    mutationFn: (body: CreateAppCredential) =>
      apiRequest(apiPath(API_ROUTES.createAppCredential.path), {
        method: "POST",
        body,
        schema: AppCredentialSecretSchema,
      }),
    onSettled,
  });
}

export function useUpdateAppCredentialMutation(name: string) {
  const onSettled = useInvalidateAppCredentials();
  return useMutation({
    mutationFn: (permissions: AppPermissions) =>
      apiRequest(apiPath(API_ROUTES.updateAppCredential.path, { name }), {
        method: "PATCH",
        body: { permissions },
        schema: AppCredentialChangeSchema,
      }),
    onSettled,
  });
}

/** A new password, answered once; the old one stops working on every realm that took it. */
export function useRotateAppCredentialMutation(name: string) {
  const onSettled = useInvalidateAppCredentials();
  return useMutation({
    mutationFn: () =>
      apiRequest(apiPath(API_ROUTES.rotateAppCredential.path, { name }), {
        method: "POST",
        schema: AppCredentialSecretSchema,
      }),
    onSettled,
  });
}

export function useDeleteAppCredentialMutation(name: string) {
  const onSettled = useInvalidateAppCredentials();
  return useMutation({
    mutationFn: () =>
      apiRequest(apiPath(API_ROUTES.deleteAppCredential.path, { name }), { method: "DELETE" }),
    onSettled,
  });
}
