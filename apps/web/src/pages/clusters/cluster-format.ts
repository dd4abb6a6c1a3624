import {
  PreflightSchema,
  type ClusterSummary,
  type OperationStep,
  type Preflight,
  type PreflightCheck,
  type Quorum,
  type RealmSummary,
  type WhatIf,
} from "@em/contracts";
import { ApiRequestError } from "../../lib/api-client.js";

/** `2/3 online · needs 2`: what the quorum bar says. */
export function quorumText(quorum: Quorum): string {
  return `${quorum.online}/${quorum.total} online · needs ${quorum.needed}`;
}

/** ok: every member online; warn: quorum held with members down; danger: quorum lost. */
export function quorumTone(quorum: Quorum): "ok" | "warn" | "danger" {
  if (!quorum.held) return "danger";
  return quorum.online < quorum.total ? "warn" : "ok";
}

/** How many more members may fail before the cluster loses quorum (0 when it has none). */
export function failuresTolerated(quorum: Quorum): number {
  return quorum.held ? Math.max(0, quorum.online - quorum.needed) : 0;
}

export interface PreflightGroups {
  errors: PreflightCheck[];
  warnings: PreflightCheck[];
  passed: PreflightCheck[];
}

/** Checks split by level, errors first: errors block, warnings need acknowledging. */
export function groupPreflight(checks: readonly PreflightCheck[]): PreflightGroups {
  return {
    errors: checks.filter((c) => c.level === "error"),
    warnings: checks.filter((c) => c.level === "warning"),
    passed: checks.filter((c) => c.level === "ok"),
  };
}

/** Whether the create button may be pressed after this preflight. */
export function preflightAllowsCreate(
  preflight: Preflight,
  warningsAcknowledged: boolean,
): boolean {
  const { errors, warnings } = groupPreflight(preflight.checks);
  return preflight.ok && errors.length === 0 && (warnings.length === 0 || warningsAcknowledged);
}

/** The preflight a 409 PREFLIGHT_FAILED carries in `details.preflight`, or null. */
export function preflightFromError(error: unknown): Preflight | null {
  if (!(error instanceof ApiRequestError) || error.code !== "PREFLIGHT_FAILED") return null;
  const parsed = PreflightSchema.safeParse(error.details?.["preflight"]);
  return parsed.success ? parsed.data : null;
}

/** Realms that are in no cluster: the ones that can join one. */
export function standaloneRealms(
  realms: readonly RealmSummary[],
  clusters: readonly ClusterSummary[],
): RealmSummary[] {
  const clustered = new Set(clusters.flatMap((c) => c.members.map((m) => m.realm)));
  return realms.filter((r) => !clustered.has(r.name));
}

/** Which cluster a realm belongs to, by realm name. */
export function clusterOfRealm(clusters: readonly ClusterSummary[]): Map<string, string> {
  return new Map(clusters.flatMap((c) => c.members.map((m) => [m.realm, c.name] as const)));
}

/** `if realm2 fails: keeps quorum` / `loses quorum`, with the stores that lose their majority. */
export function whatIfText(whatIf: WhatIf): string {
  const verdict = whatIf.keepsQuorum ? "keeps quorum" : "loses quorum";
  const stores = whatIf.storesLosingMajority;
  if (stores.length === 0) return `If ${whatIf.realm} fails: ${verdict}`;
  const shown = stores.slice(0, 3).join(", ");
  const more = stores.length > 3 ? ` and ${stores.length - 3} more` : "";
  return `If ${whatIf.realm} fails: ${verdict}; ${shown}${more} lose${stores.length === 1 ? "s" : ""} their majority`;
}

/** How long a step ran, or has been running at `nowMs`; null before it starts. */
export function stepElapsedMs(step: OperationStep, nowMs: number): number | null {
  if (step.startedAt === null) return null;
  const start = Date.parse(step.startedAt);
  const end = step.finishedAt === null ? nowMs : Date.parse(step.finishedAt);
  return Math.max(0, end - start);
}

/** `0.4 s`, `12.3 s`, `2m 05s`. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return "—";
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.floor((ms % 60_000) / 1000);
  return `${minutes}m ${String(seconds).padStart(2, "0")}s`;
}
