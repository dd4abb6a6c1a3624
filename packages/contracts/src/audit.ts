import { z } from "zod";
import { ErrorCodeSchema } from "./errors.js";
import { RoleSchema } from "./auth.js";

/**
 * Most entries one page of `GET /api/audit` answers.
 * @default 1000
 */
export const AUDIT_LIMIT_MAX = 1000;

/**
 * Entries per page when `limit` is not given.
 * @default 200
 */
export const AUDIT_LIMIT_DEFAULT = 200;

/** What stands in for a secret (a password, token, cookie…) in an entry's `params`. */
export const AUDIT_REDACTED = "[redacted]";

/** `ok`, or the error code the call was answered with. */
export const AuditResultSchema = z.union([z.literal("ok"), ErrorCodeSchema]);
export type AuditResult = z.infer<typeof AuditResultSchema>;

/**
 * One recorded call of a mutating route (every method but GET), successful or not. Entries are
 * appended and never changed.
 */
export const AuditEntrySchema = z.object({
  id: z.number().int().positive(),
  at: z.iso.datetime(),
  /** The acting user; for a login, the username tried; null when there was no session. */
  username: z.string().nullable(),
  role: RoleSchema.nullable(),
  /** The route's key in API_ROUTES: `createCluster`, `login`. */
  action: z.string(),
  method: z.string(),
  path: z.string(),
  /** The route's path parameters: `{ "name": "demo" }`. */
  target: z.record(z.string(), z.string()),
  /**
   * `{ body?, query? }` as sent, with every secret replaced by `[redacted]`, event data by its
   * length, and the whole cut to 4 KiB (`{ truncated: true, … }`); null when nothing was sent.
   */
  params: z.unknown(),
  result: AuditResultSchema,
  /** The HTTP status answered. */
  status: z.number().int(),
  /** The caller's address as the admin API saw it (the TCP peer: no proxy headers are trusted). */
  clientIp: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/** Filters of the audit list and its export; every one optional, all of them must match. */
export const AuditQuerySchema = z.object({
  username: z.string().min(1).max(64).optional().describe("only this user's entries"),
  action: z.string().min(1).max(64).optional().describe("only this route key, e.g. createCluster"),
  result: z.enum(["ok", "failed"]).optional().describe("ok, or every failure whatever its code"),
  from: z.iso.datetime({ offset: true }).optional().describe("entries at or after this time"),
  to: z.iso.datetime({ offset: true }).optional().describe("entries before this time"),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(AUDIT_LIMIT_MAX, `limit is at most ${AUDIT_LIMIT_MAX}`)
    .default(AUDIT_LIMIT_DEFAULT)
    .describe("entries per page (the export ignores it)"),
  before: z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .describe("only entries older than this id: the next page's cursor"),
});
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

/** A page of entries, newest first. */
export const AuditPageSchema = z.object({
  entries: z.array(AuditEntrySchema),
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: z.number().int().positive().nullable(),
});
export type AuditPage = z.infer<typeof AuditPageSchema>;
