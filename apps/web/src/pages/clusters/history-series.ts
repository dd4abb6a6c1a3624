import type { ClusterHistory, RealmSeries } from "@em/contracts";
import { formatCompact } from "../../lib/format.js";

/** One stored sample of a realm (the contracts' history sample). */
export type HistorySample = RealmSeries["samples"][number];

/** What a chart plots of a sample. */
export type HistoryMetric =
  "messagesInPerSecond" | "messagesOutPerSecond" | "connections" | "replicaLag";

/**
 * @default 120 — points across a chart: an hour is drawn in 30 s slots, enough to see a
 * failover's dip and few enough to stay readable and cheap to draw every refetch.
 */
export const CHART_SLOTS = 120;

/** A chart row: the slot's start (epoch ms) and each realm's value in it; null is a gap. */
export type ChartRow = { t: number } & Record<string, number | null>;

/** Rates are averaged within a slot; counts of things keep the slot's peak. */
function aggregate(metric: HistoryMetric, values: number[]): number {
  if (metric === "connections" || metric === "replicaLag") return Math.max(...values);
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** The median time between consecutive samples of any realm; null with fewer than two. */
export function medianSpacingMs(realms: readonly RealmSeries[]): number | null {
  const gaps: number[] = [];
  for (const { samples } of realms) {
    for (let i = 1; i < samples.length; i++) {
      const previous = samples[i - 1];
      const current = samples[i];
      if (previous && current) gaps.push(Date.parse(current.at) - Date.parse(previous.at));
    }
  }
  if (gaps.length === 0) return null;
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)] ?? null;
}

/**
 * How wide a chart slot is: the window over {@link CHART_SLOTS}, but at least two sample
 * spacings, so a realm that answers every poll never shows a gap only because its polls and
 * the slots are out of step. A gap means the realm gave no sample for a whole slot.
 */
export function chartSlotMs(history: ClusterHistory): number {
  const windowMs = Math.max(1, Date.parse(history.to) - Date.parse(history.from));
  const spacing = medianSpacingMs(history.realms) ?? 0;
  return Math.max(1_000, Math.ceil(windowMs / CHART_SLOTS), 2 * spacing);
}

/**
 * Rows for a chart of one metric: every slot of the window in order, each realm's value in it
 * or null when it had no sample there (down, or the history not yet started), so lines break.
 * `keyOf` names a realm's column (rates chart two metrics per realm).
 */
export function chartRows(
  history: ClusterHistory,
  metric: HistoryMetric,
  slotMs: number,
  keyOf: (realm: string) => string = (realm) => realm,
): ChartRow[] {
  const first = Math.floor(Date.parse(history.from) / slotMs);
  const last = Math.floor(Date.parse(history.to) / slotMs);
  const rows: ChartRow[] = [];
  for (let slot = first; slot <= last; slot++) rows.push({ t: slot * slotMs });
  for (const { realm, samples } of history.realms) {
    const key = keyOf(realm);
    for (const row of rows) row[key] = null;
    const bySlot = new Map<number, number[]>();
    for (const sample of samples) {
      const value = sample[metric];
      if (value === null) continue;
      const slot = Math.floor(Date.parse(sample.at) / slotMs);
      const values = bySlot.get(slot) ?? [];
      values.push(value);
      bySlot.set(slot, values);
    }
    for (const [slot, values] of bySlot) {
      const row = rows[slot - first];
      if (row) row[key] = aggregate(metric, values);
    }
  }
  return rows;
}

/** True when any realm has a sample in the window. */
export function hasSamples(history: ClusterHistory): boolean {
  return history.realms.some((r) => r.samples.length > 0);
}

/**
 * A sentence per realm for readers who cannot see the chart: the latest value and the peak
 * over the window, or that the realm has no sample.
 */
export function metricSummary(
  history: ClusterHistory,
  metric: HistoryMetric,
  unit: string,
): string {
  return history.realms
    .map(({ realm, samples }) => {
      const values = samples.map((s) => s[metric]).filter((v): v is number => v !== null);
      const latest = values.at(-1);
      if (latest === undefined) return `${realm}: no samples.`;
      const peak = Math.max(...values);
      return `${realm}: now ${formatCompact(latest)}${unit}, peak ${formatCompact(peak)}${unit}.`;
    })
    .join(" ");
}

/** Column names of the rates chart: one line in and one out per realm. */
export const rateKey = (realm: string, direction: "in" | "out") => `${realm} ${direction}`;

/** Rows for the rates chart: each realm's messages in and out per second, slot by slot. */
export function rateRows(history: ClusterHistory, slotMs: number): ChartRow[] {
  const out = chartRows(history, "messagesOutPerSecond", slotMs, (r) => rateKey(r, "out"));
  return chartRows(history, "messagesInPerSecond", slotMs, (r) => rateKey(r, "in")).map(
    (row, index) => ({ ...out[index], ...row }),
  );
}
