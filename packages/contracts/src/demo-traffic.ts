import { z } from "zod";
import { ClusterNameSchema } from "./cluster-name.js";
import { RealmNameSchema } from "./realm.js";
import { StoreNameSchema } from "./store-name.js";

/**
 * Demo traffic: built-in publisher and subscriber sessions (the SDK, run by the admin API) on a
 * cluster channel, spread across the cluster's realms, so failover can be watched at once.
 */

export const StartDemoTrafficSchema = z.object({
  cluster: ClusterNameSchema,
  /** An existing cluster channel, e.g. `/sales`. */
  channel: StoreNameSchema,
  publishers: z.number().int().min(1).max(10).default(1),
  subscribers: z.number().int().min(1).max(10).default(2),
  /** Events per second, per publisher. */
  ratePerSecond: z.number().int().min(1).max(1_000).default(20),
});
export type StartDemoTraffic = z.infer<typeof StartDemoTrafficSchema>;

export const DemoSessionSchema = z.object({
  /** The session's name, as the sessions table shows it. */
  name: z.string(),
  role: z.enum(["publisher", "subscriber"]),
  /** The realm it is on now; null while failing over. */
  realm: RealmNameSchema.nullable(),
  /** Publisher: events acknowledged; subscriber: events received. */
  events: z.number().int().nonnegative(),
  /** Subscriber: EIDs it never got; publisher: 0. */
  lost: z.number().int().nonnegative(),
  /** Subscriber: events delivered twice; publisher: 0. */
  duplicated: z.number().int().nonnegative(),
  failovers: z.number().int().nonnegative(),
});
export type DemoSession = z.infer<typeof DemoSessionSchema>;

export const DemoTrafficSchema = z.object({
  running: z.boolean(),
  cluster: ClusterNameSchema.nullable(),
  channel: z.string().nullable(),
  startedAt: z.iso.datetime().nullable(),
  sessions: z.array(DemoSessionSchema),
});
export type DemoTraffic = z.infer<typeof DemoTrafficSchema>;
