import type { USER_ROUTES } from "@em/contracts";
import type { AuthService } from "../auth-service.js";
import type { RouteHandler } from "../http/mount-route.js";
import { UserAdminService } from "./user-admin-service.js";

type Route = keyof typeof USER_ROUTES;
export type UserHandlers = { [K in Route]: RouteHandler<(typeof USER_ROUTES)[K]> };

/** Console users (admins) and the caller's own password change (every user). */
export function createUserHandlers(auth: AuthService): UserHandlers {
  const users = new UserAdminService(auth);
  return {
    listUsers: () => ({ users: users.list() }),
    createUser: ({ body }) => users.create(body),
    updateUser: ({ params, body }) => users.updateRole(params.name, body.role),
    deleteUser: ({ params, session }) => users.delete(params.name, session),
    revokeUserSessions: ({ params }) => users.revokeSessions(params.name),
    changePassword: ({ body, session, req }) =>
      auth.changePassword(session, body, req.ip ?? "unknown"),
  };
}
