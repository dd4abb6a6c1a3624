import { z } from "zod";

/** Host status as last seen by the admin API. */
export const HostStatusSchema = z.enum(["online", "unreachable"]);
export type HostStatus = z.infer<typeof HostStatusSchema>;

/** A registered realm host (one realmd). Its token is never returned. */
export const HostSchema = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  status: HostStatusSchema,
  version: z.string().nullable(),
  hostname: z.string().nullable(),
  realmCount: z.number().int().nonnegative(),
  lastSeen: z.iso.datetime().nullable(),
  problem: z.string().nullable(),
  createdAt: z.iso.datetime(),
});
export type Host = z.infer<typeof HostSchema>;

export const HostListSchema = z.object({ hosts: z.array(HostSchema) });
export type HostList = z.infer<typeof HostListSchema>;

/** Register a realmd by its URL and control token. */
export const RegisterHostSchema = z.object({
  url: z
    .url({ protocol: /^https?$/, error: "url must be an http:// or https:// URL of a realmd" })
    .describe("realmd's control URL, e.g. http://127.0.0.1:7700"),
  token: z.string().min(16, "token is realmd's control token (at least 16 characters)"),
  name: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .optional()
    .describe("display name; defaults to the host's own hostname"),
});
export type RegisterHost = z.infer<typeof RegisterHostSchema>;

export const HostParamsSchema = z.object({ id: z.string().min(1) });
