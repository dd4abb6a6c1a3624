import { z } from "zod";

/** Roles, weakest first. Each includes what the ones before it may do. */
export const RoleSchema = z.enum(["viewer", "operator", "admin"]);
export type Role = z.infer<typeof RoleSchema>;

const ROLE_RANK: Readonly<Record<Role, number>> = { viewer: 0, operator: 1, admin: 2 };

/** True when `role` may do what `required` may. */
export function roleAllows(role: Role, required: Role): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[required];
}

export const LoginSchema = z.object({
  username: z.string().min(1, "username is required").max(64),
  password: z.string().min(1, "password is required").max(1024),
});
export type Login = z.infer<typeof LoginSchema>;

export const UserSchema = z.object({ username: z.string(), role: RoleSchema });
export type User = z.infer<typeof UserSchema>;

export const MeSchema = z.object({ user: UserSchema });
export type Me = z.infer<typeof MeSchema>;

/** Name of the httpOnly session cookie set by login. */
export const SESSION_COOKIE = "em_session";

/**
 * Every request that changes something (not GET or HEAD) sends this header, or an `Origin` of the
 * admin API's own origin. A cross-site form cannot set a custom header, and a cross-site `fetch`
 * that sets one needs a CORS preflight the admin API never grants: the CSRF defence behind
 * SameSite=Strict.
 * @example fetch("/api/realms", { method: "POST", headers: { [CSRF_HEADER]: "1" }, ... })
 */
export const CSRF_HEADER = "x-em-request";
