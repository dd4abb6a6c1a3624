import { z } from "zod";
import { StoreNameSchema } from "./store-name.js";

/**
 * Application credentials: the users applications connect to realms with, each allowed to
 * publish to, subscribe to, push to or consume from the channels and queues an admin chose.
 * Every realm carries every credential; the password is shown once, when it is made.
 */

/** Users every realm already has: the admin API's own (`admin`) and the system account's (`sys`). */
export const RESERVED_APP_USERS: readonly string[] = ["admin", "sys"];

/** @example "billing-service" */
export const AppCredentialNameSchema = z
  .string()
  .min(1, "a name is required, e.g. billing-service")
  .max(64, "a name has at most 64 characters")
  .regex(
    /^[a-z][a-z0-9_-]*$/,
    "a name starts with a lower-case letter and has only lower-case letters, digits, '-' and '_'",
  )
  .refine((name) => !RESERVED_APP_USERS.includes(name), {
    message: `${RESERVED_APP_USERS.join(" and ")} are the realms' own users`,
  });

/**
 * The inbox prefix of a user's connections: replies (JetStream API answers, reads, consumer
 * deliveries) come to `<prefix>.…`. An application credential may subscribe to its own prefix
 * only, so it cannot read the replies other applications receive; the SDK sets it on connect.
 * `undefined` for a user name that is not a single subject token (the default `_INBOX` then).
 */
export function inboxPrefixFor(user: string): string | undefined {
  return /^[A-Za-z0-9_-]+$/.test(user) ? `_INBOX_${user}` : undefined;
}

/** Every channel (or every queue), in a grant. */
export const ALL_STORES = "*";

/**
 * Channel or queue names a right covers: exact names, or `["*"]` for every one, now and later.
 * @example ["/sales", "/eu/orders"]
 */
export const StoreGrantSchema = z
  .array(z.union([z.literal(ALL_STORES), StoreNameSchema]))
  .max(200, 'at most 200 names per right; use ["*"] for all')
  .refine((names) => !names.includes(ALL_STORES) || names.length === 1, {
    message: 'use "*" alone: it already means every one',
  })
  .transform((names) => [...new Set(names)].sort());
export type StoreGrant = z.infer<typeof StoreGrantSchema>;

/**
 * What an application may do. Rights go by name: a channel right on a name that is a queue
 * gives the same publish right (both publish on the store's subject).
 */
export const AppPermissionsSchema = z.object({
  publishChannels: StoreGrantSchema.default([]).describe("channels it may publish to"),
  subscribeChannels: StoreGrantSchema.default([]).describe(
    "channels it may subscribe to (plain and durable subscriptions)",
  ),
  pushQueues: StoreGrantSchema.default([]).describe("queues it may push to"),
  consumeQueues: StoreGrantSchema.default([]).describe("queues it may pop from and consume"),
});
export type AppPermissions = z.infer<typeof AppPermissionsSchema>;

export const AppCredentialParamsSchema = z.object({ name: AppCredentialNameSchema });

/** A credential as the API shows it: never its password or its hash. */
export const AppCredentialSchema = z.object({
  name: AppCredentialNameSchema,
  permissions: AppPermissionsSchema,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  passwordSetAt: z.iso.datetime().describe("when the password was made or last rotated"),
});
export type AppCredential = z.infer<typeof AppCredentialSchema>;

/**
 * Hosts whose realms do not have the latest credentials yet (unreachable, or a realm paused):
 * the admin API keeps pushing until each takes them.
 */
export const AppCredentialSyncSchema = z.object({
  pendingHosts: z.array(z.object({ host: z.string(), problem: z.string() })),
});
export type AppCredentialSync = z.infer<typeof AppCredentialSyncSchema>;

export const AppCredentialListSchema = z.object({
  credentials: z.array(AppCredentialSchema),
  sync: AppCredentialSyncSchema,
});
export type AppCredentialList = z.infer<typeof AppCredentialListSchema>;

export const CreateAppCredentialSchema = z.object({
  name: AppCredentialNameSchema,
  permissions: AppPermissionsSchema.default({
    publishChannels: [],
    subscribeChannels: [],
    pushQueues: [],
    consumeQueues: [],
  }),
});
export type CreateAppCredential = z.infer<typeof CreateAppCredentialSchema>;

export const UpdateAppCredentialSchema = z.object({ permissions: AppPermissionsSchema });
export type UpdateAppCredential = z.infer<typeof UpdateAppCredentialSchema>;

/** A change of credentials, and which hosts still have to take it. */
export const AppCredentialChangeSchema = z.object({
  credential: AppCredentialSchema,
  sync: AppCredentialSyncSchema,
});
export type AppCredentialChange = z.infer<typeof AppCredentialChangeSchema>;

/** The answer to create and rotate: the password, shown this once and kept nowhere. */
export const AppCredentialSecretSchema = AppCredentialChangeSchema.extend({
  password: z.string().describe("shown once: the server keeps only its bcrypt hash"),
});
export type AppCredentialSecret = z.infer<typeof AppCredentialSecretSchema>;

/* realmd's side (`PUT /v1/app-users`): the whole list, applied to every realm of the host. */

/** realmd's path for the application users of every realm it hosts. */
export const REALMD_APP_USERS_PATH = "/v1/app-users";

/** One application user as realmd writes it into each realm's config. */
export const RealmAppUserSchema = z.object({
  user: AppCredentialNameSchema,
  passwordHash: z
    .string()
    .regex(
      /^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/,
      "a bcrypt hash ($2a$/$2b$, cost, 53 characters)",
    ),
  permissions: AppPermissionsSchema,
});
export type RealmAppUser = z.infer<typeof RealmAppUserSchema>;

export const SetRealmAppUsersSchema = z.object({
  users: z
    .array(RealmAppUserSchema)
    .max(1_000)
    .refine((users) => new Set(users.map(({ user }) => user)).size === users.length, {
      message: "each user appears once",
    }),
});
export type SetRealmAppUsers = z.infer<typeof SetRealmAppUsersSchema>;

/**
 * How each realm took the list: `reloaded` (running, reloaded its config), `saved` (not running:
 * its next start has them), `unchanged`, or `pending` (paused or did not reload: `problem` says why).
 */
export const RealmAppUsersAppliedSchema = z.object({
  realms: z.array(
    z.object({
      name: z.string(),
      applied: z.enum(["reloaded", "saved", "unchanged", "pending"]),
      problem: z.string().nullable(),
    }),
  ),
});
export type RealmAppUsersApplied = z.infer<typeof RealmAppUsersAppliedSchema>;
