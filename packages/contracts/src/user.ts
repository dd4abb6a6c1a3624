import { z } from "zod";
import { RoleSchema } from "./auth.js";

/**
 * The shortest password a console user may choose.
 * @default 12
 */
export const PASSWORD_MIN_LENGTH = 12;

/** @default 1024 — the same bound as login, so a long password never costs unbounded argon2 input. */
export const PASSWORD_MAX_LENGTH = 1024;

/** @default 64 */
export const USERNAME_MAX_LENGTH = 64;

/**
 * A console user's name: lowercase letters, digits, `.`, `_` and `-`, starting with a letter or
 * digit. Lowercase only, so `Admin` and `admin` can never be two people.
 * @example "alice", "ops.bob", "ci-bot"
 */
export const UsernameSchema = z
  .string()
  .min(1, "username is required")
  .max(USERNAME_MAX_LENGTH, `at most ${USERNAME_MAX_LENGTH} characters`)
  .regex(
    /^[a-z0-9][a-z0-9._-]*$/,
    "use lowercase letters, digits, '.', '_' or '-', starting with a letter or digit",
  );

/** A new password: at least {@link PASSWORD_MIN_LENGTH} characters. */
export const NewPasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `must have at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `at most ${PASSWORD_MAX_LENGTH} characters`);

/** `POST /api/users`: a new console user. */
export const CreateUserSchema = z.object({
  username: UsernameSchema,
  password: NewPasswordSchema,
  role: RoleSchema,
});
export type CreateUser = z.infer<typeof CreateUserSchema>;

/** `PATCH /api/users/:name`: the user's new role; their sessions end so it applies at once. */
export const UpdateUserSchema = z.object({ role: RoleSchema });
export type UpdateUser = z.infer<typeof UpdateUserSchema>;

/** Lenient on purpose: a user whose name predates the rules can still be managed. */
export const UserParamsSchema = z.object({
  name: z.string().min(1, "a username is required").max(USERNAME_MAX_LENGTH),
});
export type UserParams = z.infer<typeof UserParamsSchema>;

/** A console user as admins see it; never a password hash. */
export const UserSummarySchema = z.object({
  username: z.string(),
  role: RoleSchema,
  createdAt: z.string().describe("ISO 8601"),
  lastLoginAt: z.string().optional().describe("ISO 8601; absent before the first login"),
  activeSessions: z.number().int().nonnegative().describe("Sessions neither expired nor idle"),
});
export type UserSummary = z.infer<typeof UserSummarySchema>;

export const UserListSchema = z.object({ users: z.array(UserSummarySchema) });
export type UserList = z.infer<typeof UserListSchema>;

/** `POST /api/me/password`: the logged-in user's own password change. */
export const ChangePasswordSchema = z
  .object({
    currentPassword: z
      .string()
      .min(1, "currentPassword is required")
      .max(PASSWORD_MAX_LENGTH, `at most ${PASSWORD_MAX_LENGTH} characters`),
    newPassword: NewPasswordSchema,
  })
  .refine((body) => body.newPassword !== body.currentPassword, {
    message: "must differ from the current password",
    path: ["newPassword"],
  });
export type ChangePassword = z.infer<typeof ChangePasswordSchema>;

/** How many sessions a revocation ended. */
export const RevokedSessionsSchema = z.object({ revoked: z.number().int().nonnegative() });
export type RevokedSessions = z.infer<typeof RevokedSessionsSchema>;
