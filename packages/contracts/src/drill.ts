import { z } from "zod";
import { OperationStepSchema } from "./cluster.js";
import { ClusterNameSchema } from "./cluster-name.js";
import { ErrorCodeSchema } from "./errors.js";
import { RealmNameSchema } from "./realm.js";

/**
 * Failover drills: an operator fails a realm on purpose, watches the sessions move, and gets a
 * report. The realm is brought back at the end of every drill (started, continued or restarted).
 */

/**
 * - `kill`: SIGKILL, as a crash; started again after the observation window.
 * - `pause`: SIGSTOP, as a hung or cut-off realm; continued after the window.
 * - `restart`: a graceful stop and start.
 * - `graceful`: checked first that every store it leads has a caught-up follower; the master
 *   moves away, then it stops with SIGTERM, which hands its store leaderships to those followers
 *   in tens of ms (an explicit stream step-down first measured ~275 ms); started again after
 *   the window. Costs sessions far less than a kill.
 */
export const DrillActionSchema = z.enum(["kill", "pause", "restart", "graceful"]);
export type DrillAction = z.infer<typeof DrillActionSchema>;

export const StartDrillSchema = z.object({
  realm: RealmNameSchema,
  action: DrillActionSchema,
  /** How long to watch sessions fail over before the realm is brought back. */
  observeMs: z.number().int().min(1_000).max(120_000).default(10_000),
});
export type StartDrill = z.infer<typeof StartDrillSchema>;

export const DrillSessionSchema = z.object({
  session: z.string(),
  from: RealmNameSchema.nullable(),
  to: RealmNameSchema.nullable(),
  stallMs: z.number().nonnegative().nullable(),
  lost: z.number().int().nonnegative(),
  duplicated: z.number().int().nonnegative(),
});
export type DrillSession = z.infer<typeof DrillSessionSchema>;

export const LeaderMoveSchema = z.object({
  /** A channel or queue's UM name, or "(master)" for the cluster's meta leader. */
  store: z.string(),
  from: RealmNameSchema.nullable(),
  to: RealmNameSchema.nullable(),
});
export type LeaderMove = z.infer<typeof LeaderMoveSchema>;

/** What a drill did to the sessions and the cluster. */
export const DrillReportSchema = z.object({
  /** Sessions that failed over during the drill, one entry per failover. */
  sessions: z.array(DrillSessionSchema),
  stallP50Ms: z.number().nonnegative().nullable(),
  stallMaxMs: z.number().nonnegative().nullable(),
  leadersMoved: z.array(LeaderMoveSchema),
  lost: z.number().int().nonnegative(),
  duplicated: z.number().int().nonnegative(),
  /** Whether the cluster kept a master throughout (null for a standalone realm). */
  quorumHeld: z.boolean().nullable(),
});
export type DrillReport = z.infer<typeof DrillReportSchema>;

export const DrillSchema = z.object({
  id: z.string(),
  realm: RealmNameSchema,
  /** The realm's cluster when the drill started; null for a standalone realm. */
  cluster: ClusterNameSchema.nullable(),
  action: DrillActionSchema,
  observeMs: z.number().int().positive(),
  status: z.enum(["running", "succeeded", "failed"]),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
  steps: z.array(OperationStepSchema),
  /** Null while running. */
  report: DrillReportSchema.nullable(),
  error: z.object({ code: ErrorCodeSchema, message: z.string() }).nullable(),
});
export type Drill = z.infer<typeof DrillSchema>;

export const DrillListSchema = z.object({ drills: z.array(DrillSchema) });
export type DrillList = z.infer<typeof DrillListSchema>;

export const DrillParamsSchema = z.object({ id: z.string().min(1).max(64) });
