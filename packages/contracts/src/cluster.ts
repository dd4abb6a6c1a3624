import { z } from "zod";
import { ClusterNameSchema } from "./cluster-name.js";
import { ErrorCodeSchema } from "./errors.js";
import { RealmNameSchema } from "./realm.js";

/** What happens to each member's realm-local channels and queues when it joins a cluster. */
export const LocalStoresChoiceSchema = z.enum(["keep", "delete"]);
export type LocalStoresChoice = z.infer<typeof LocalStoresChoiceSchema>;

/** Create a cluster of two or more realms. `POST /api/clusters?dryRun=true` runs only the preflight. */
export const CreateClusterSchema = z.object({
  name: ClusterNameSchema,
  realms: z
    .array(RealmNameSchema)
    .min(2, "a cluster needs at least 2 realms (3 or more for high availability)")
    .max(32, "a cluster has at most 32 realms")
    .refine((realms) => new Set(realms).size === realms.length, "each realm may appear once"),
  localStores: LocalStoresChoiceSchema.default("keep").describe(
    "keep: adopt each member's realm-local channels and queues pinned to it, data and EIDs intact; delete: remove them",
  ),
});
export type CreateCluster = z.infer<typeof CreateClusterSchema>;

export const CreateClusterQuerySchema = z.object({
  dryRun: z
    .enum(["true", "false"])
    .optional()
    .describe("true: answer the preflight and change nothing"),
});

/** One finding of a preflight. Any `error` refuses the change; warnings are shown and allowed. */
export const PreflightCheckSchema = z.object({
  id: z.string().describe("stable id, e.g. member-online, store-clash, two-realm-quorum"),
  level: z.enum(["ok", "warning", "error"]),
  message: z.string().describe("what was found and what to do about it"),
  realm: RealmNameSchema.optional(),
});
export type PreflightCheck = z.infer<typeof PreflightCheckSchema>;

export const PreflightSchema = z.object({
  ok: z.boolean().describe("true when no check is an error"),
  checks: z.array(PreflightCheckSchema),
});
export type Preflight = z.infer<typeof PreflightSchema>;

/**
 * A member's state, as UM names them: `master` (the JetStream meta leader), `member`,
 * `recovering` (rejoined, still catching up), `no-quorum` (up but its cluster has no master),
 * `offline`.
 */
export const MemberStateSchema = z.enum(["master", "member", "recovering", "no-quorum", "offline"]);
export type MemberState = z.infer<typeof MemberStateSchema>;

export const ClusterMemberSchema = z.object({
  realm: RealmNameSchema,
  hostName: z.string(),
  state: MemberStateSchema,
  /** What this member itself reports; differs from the others' while they disagree. */
  view: z
    .object({ master: z.string().nullable(), sees: z.array(RealmNameSchema) })
    .nullable()
    .describe("null while the member cannot be asked"),
});
export type ClusterMember = z.infer<typeof ClusterMemberSchema>;

/** UM's rule: quorum needs at least 51 % of all configured members online and connected. */
export const QuorumSchema = z.object({
  online: z.number().int().nonnegative(),
  total: z.number().int().positive(),
  needed: z.number().int().positive(),
  held: z.boolean(),
});
export type Quorum = z.infer<typeof QuorumSchema>;

/** "If this realm fails": does the cluster keep quorum, and which stores lose their majority. */
export const WhatIfSchema = z.object({
  realm: RealmNameSchema,
  keepsQuorum: z.boolean(),
  storesLosingMajority: z.array(z.string()),
});
export type WhatIf = z.infer<typeof WhatIfSchema>;

export const ClusterStatusSchema = z.enum([
  "forming",
  "healthy",
  "degraded",
  "no-quorum",
  "failed",
]);
export type ClusterStatus = z.infer<typeof ClusterStatusSchema>;

export const ClusterSummarySchema = z.object({
  name: ClusterNameSchema,
  createdAt: z.iso.datetime(),
  status: ClusterStatusSchema,
  master: RealmNameSchema.nullable(),
  quorum: QuorumSchema,
  members: z.array(ClusterMemberSchema),
  disagreement: z.boolean().describe("true when members report different masters or peers"),
});
export type ClusterSummary = z.infer<typeof ClusterSummarySchema>;

export const ClusterListSchema = z.object({ clusters: z.array(ClusterSummarySchema) });
export type ClusterList = z.infer<typeof ClusterListSchema>;

export const ClusterDetailSchema = ClusterSummarySchema.extend({
  whatIf: z.array(WhatIfSchema),
  lastOperationId: z.string().nullable(),
});
export type ClusterDetail = z.infer<typeof ClusterDetailSchema>;

export const ClusterParamsSchema = z.object({ name: ClusterNameSchema });
export const ClusterMemberParamsSchema = z.object({
  name: ClusterNameSchema,
  realm: RealmNameSchema,
});
export const AddClusterMemberSchema = z.object({ realm: RealmNameSchema });
export type AddClusterMember = z.infer<typeof AddClusterMemberSchema>;

export const OperationKindSchema = z.enum([
  "create-cluster",
  "delete-cluster",
  "add-member",
  "remove-member",
  "evict-member",
]);
export type OperationKind = z.infer<typeof OperationKindSchema>;

export const OperationStepSchema = z.object({
  name: z.string().describe("what the step does, for a person: 'restart realm2 with routes'"),
  status: z.enum(["pending", "running", "done", "failed", "skipped"]),
  startedAt: z.iso.datetime().nullable(),
  finishedAt: z.iso.datetime().nullable(),
  message: z.string().nullable(),
});
export type OperationStep = z.infer<typeof OperationStepSchema>;

/** A long-running change, reported step by step over socket.io and `GET /api/operations/:id`. */
export const OperationSchema = z.object({
  id: z.string(),
  kind: OperationKindSchema,
  cluster: ClusterNameSchema,
  status: z.enum(["running", "succeeded", "failed"]),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
  steps: z.array(OperationStepSchema),
  error: z.object({ code: ErrorCodeSchema, message: z.string() }).nullable(),
});
export type Operation = z.infer<typeof OperationSchema>;

export const OperationParamsSchema = z.object({ id: z.string().min(1) });

/** The answer to a change that runs in the background (202). */
export const OperationAcceptedSchema = z.object({ operation: OperationSchema });
export type OperationAccepted = z.infer<typeof OperationAcceptedSchema>;
