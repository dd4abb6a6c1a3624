import { z } from "zod";
import { ClusterNameSchema } from "./cluster-name.js";
import { RealmNameSchema } from "./realm.js";

/** Samples the admin API stores every poll, kept for the charts of the last hour. */

export const HistorySampleSchema = z.object({
  at: z.iso.datetime(),
  messagesInPerSecond: z.number().nonnegative(),
  messagesOutPerSecond: z.number().nonnegative(),
  connections: z.number().int().nonnegative(),
  /** The largest lag, in events, of any replica on this realm behind its leader; null unknown. */
  replicaLag: z.number().int().nonnegative().nullable(),
});
export type HistorySample = z.infer<typeof HistorySampleSchema>;

export const RealmSeriesSchema = z.object({
  realm: RealmNameSchema,
  samples: z.array(HistorySampleSchema),
});
export type RealmSeries = z.infer<typeof RealmSeriesSchema>;

export const HistoryQuerySchema = z.object({
  minutes: z.coerce.number().int().min(1).max(60).default(60),
});

/** A cluster's members' samples and its totals over the window. */
export const ClusterHistorySchema = z.object({
  cluster: ClusterNameSchema,
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  realms: z.array(RealmSeriesSchema),
  summary: z.object({
    /** Events stored in the cluster's channels and queues (sum of their last EIDs' growth). */
    published: z.number().int().nonnegative(),
    /** Messages delivered to clients by the members over the window. */
    consumed: z.number().int().nonnegative(),
    publishedPerSecond: z.number().nonnegative(),
    consumedPerSecond: z.number().nonnegative(),
  }),
});
export type ClusterHistory = z.infer<typeof ClusterHistorySchema>;
