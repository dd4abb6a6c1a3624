import { z } from "zod";

/**
 * The subject client sessions publish their failover reports on (in the application account).
 * Outside the `um.` subjects of channels and queues, so no store ever captures it.
 */
export const SESSION_REPORT_SUBJECT = "em.session.report";

/** Where one subscription of the session stood when the report was made. */
export const SessionReportSubscriptionSchema = z.object({
  channel: z.string(),
  /** The durable's name for a named subscription, null otherwise. */
  durable: z.string().nullable(),
  /** The EID the subscription resumes at (last handled + 1). */
  resumeEid: z.number().int().positive(),
  /** EIDs skipped because they were no longer stored, since the session started. */
  gaps: z.number().int().nonnegative(),
  /** Events read twice and not delivered again, since the session started. */
  duplicates: z.number().int().nonnegative(),
});
export type SessionReportSubscription = z.infer<typeof SessionReportSubscriptionSchema>;

/**
 * What a session reports on each connect, disconnect and failover. A disconnect is reported
 * once the session reaches a realm again (it had none to report through), before the failover.
 */
export const SessionReportSchema = z.object({
  type: z.enum(["connected", "disconnected", "failover"]),
  /** The session's name (`createSession({ name })`). */
  session: z.string(),
  /** Unique per session object: tells apart two processes using the same name. */
  sessionId: z.string(),
  /** When it happened (for a late disconnect report, when the realm was lost). */
  at: z.iso.datetime(),
  /** The realm the session left (disconnected, failover), null otherwise. */
  fromRealm: z.string().nullable(),
  /** The realm the session reached (connected, failover), null otherwise. */
  toRealm: z.string().nullable(),
  /** The RNAME used to reach `toRealm`, null when none. */
  rname: z.string().nullable(),
  /** Why the realm was left (disconnected), null otherwise. */
  reason: z.string().nullable(),
  /** Time without a realm, in ms (failover), null otherwise. */
  stallMs: z.number().nonnegative().nullable(),
  subscriptions: z.array(SessionReportSubscriptionSchema),
});
export type SessionReport = z.infer<typeof SessionReportSchema>;
