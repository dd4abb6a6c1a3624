import type { RouteDef } from "./routes.js";
import {
  ChangePasswordSchema,
  CreateUserSchema,
  RevokedSessionsSchema,
  UpdateUserSchema,
  UserListSchema,
  UserParamsSchema,
  UserSummarySchema,
} from "./user.js";

/**
 * Console users: admins list, create, re-role and delete them and revoke their sessions; every
 * user changes their own password. A role change, a deletion or a revocation ends the user's
 * sessions, live sockets included, so it applies at once.
 */
export const USER_ROUTES = {
  listUsers: {
    method: "get",
    path: "/api/users",
    access: "admin",
    summary: "Console users with their role, last login and active session count",
    tag: "users",
    response: UserListSchema,
    successStatus: 200,
  },
  createUser: {
    method: "post",
    path: "/api/users",
    access: "admin",
    summary: "Create a console user (409 if the name is taken)",
    tag: "users",
    body: CreateUserSchema,
    response: UserSummarySchema,
    successStatus: 201,
  },
  updateUser: {
    method: "patch",
    path: "/api/users/:name",
    access: "admin",
    summary: "Change a user's role; ends their sessions. The last admin cannot be demoted (409)",
    tag: "users",
    params: UserParamsSchema,
    body: UpdateUserSchema,
    response: UserSummarySchema,
    successStatus: 200,
  },
  deleteUser: {
    method: "delete",
    path: "/api/users/:name",
    access: "admin",
    summary: "Delete a user and end their sessions; not yourself, not the last admin (409)",
    tag: "users",
    params: UserParamsSchema,
    successStatus: 204,
  },
  revokeUserSessions: {
    method: "delete",
    path: "/api/users/:name/sessions",
    access: "admin",
    summary: "End every session of a user, live sockets included",
    tag: "users",
    params: UserParamsSchema,
    response: RevokedSessionsSchema,
    successStatus: 200,
  },
  changePassword: {
    method: "post",
    path: "/api/me/password",
    access: "session",
    summary:
      "Change your own password: checks the current one, ends your other sessions, keeps this one",
    tag: "auth",
    body: ChangePasswordSchema,
    successStatus: 204,
  },
} as const satisfies Record<string, RouteDef>;
