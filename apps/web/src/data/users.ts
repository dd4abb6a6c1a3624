import {
  API_ROUTES,
  RevokedSessionsSchema,
  UserListSchema,
  UserSummarySchema,
  apiPath,
  type ChangePassword,
  type CreateUser,
  type Role,
} from "@em/contracts";
import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "../lib/api-client.js";

/** @default 10_000 */
export const USERS_STALE_TIME_MS = 10_000;

/** Active session counts change as people log in; refreshed this often while the page is open. */
export const USERS_POLL_INTERVAL_MS = 30_000;

export const userKeys = {
  all: ["users"] as const,
  list: () => [...userKeys.all, "list"] as const,
};

export function userListQueryOptions() {
  return queryOptions({
    queryKey: userKeys.list(),
    queryFn: ({ signal }) =>
      apiRequest(apiPath(API_ROUTES.listUsers.path), { schema: UserListSchema, signal }),
    staleTime: USERS_STALE_TIME_MS,
    refetchInterval: USERS_POLL_INTERVAL_MS,
  });
}

export function useListUsersQuery() {
  return useQuery(userListQueryOptions());
}

/** Every user mutation changes the list (roles, session counts): refetch it when one settles. */
function useInvalidateUsers() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: userKeys.all });
}

export function useCreateUserMutation() {
  const onSettled = useInvalidateUsers();
  return useMutation({
    mutationFn: (body: CreateUser) =>
      apiRequest(apiPath(API_ROUTES.createUser.path), {
        method: "POST",
        body,
        schema: UserSummarySchema,
      }),
    onSettled,
  });
}

export function useUpdateUserRoleMutation(username: string) {
  const onSettled = useInvalidateUsers();
  return useMutation({
    mutationFn: (role: Role) =>
      apiRequest(apiPath(API_ROUTES.updateUser.path, { name: username }), {
        method: "PATCH",
        body: { role },
        schema: UserSummarySchema,
      }),
    onSettled,
  });
}

export function useDeleteUserMutation(username: string) {
  const onSettled = useInvalidateUsers();
  return useMutation({
    mutationFn: () =>
      apiRequest(apiPath(API_ROUTES.deleteUser.path, { name: username }), { method: "DELETE" }),
    onSettled,
  });
}

export function useRevokeUserSessionsMutation(username: string) {
  const onSettled = useInvalidateUsers();
  return useMutation({
    mutationFn: () =>
      apiRequest(apiPath(API_ROUTES.revokeUserSessions.path, { name: username }), {
        method: "DELETE",
        schema: RevokedSessionsSchema,
      }),
    onSettled,
  });
}

/** The logged-in user's own password; the API keeps this session and ends the others. */
export function useChangePasswordMutation() {
  return useMutation({
    mutationFn: (body: ChangePassword) =>
      apiRequest(apiPath(API_ROUTES.changePassword.path), { method: "POST", body }),
  });
}
