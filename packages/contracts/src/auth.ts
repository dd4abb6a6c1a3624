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
