/** The units the TTL field offers, smallest first. */
export const TTL_UNITS = [
  { unit: "ms", label: "ms", ms: 1 },
  { unit: "s", label: "seconds", ms: 1_000 },
  { unit: "min", label: "minutes", ms: 60_000 },
  { unit: "h", label: "hours", ms: 3_600_000 },
  { unit: "days", label: "days", ms: 86_400_000 },
] as const;
export type TtlUnit = (typeof TTL_UNITS)[number]["unit"];

function unitMs(unit: TtlUnit): number {
  return TTL_UNITS.find((u) => u.unit === unit)?.ms ?? 1;
}

/**
 * `value` of `unit` in milliseconds. Float noise (1.1 s = 1100.0000000000002 ms) is rounded
 * away; a real fraction of a millisecond is kept, so the shared schema refuses it rather than
 * the form silently turning 0.0001 s into 0 (= keep forever).
 */
export function ttlToMs(value: number, unit: TtlUnit): number {
  const ms = value * unitMs(unit);
  const rounded = Math.round(ms);
  return Math.abs(ms - rounded) < 1e-6 ? rounded : ms;
}

/** The largest unit that shows `ms` as a whole number: 3_600_000 → 1 h, 90_000 → 90 s. */
export function ttlFromMs(ms: number): { value: number; unit: TtlUnit } {
  if (ms === 0) return { value: 0, unit: "h" };
  for (const { unit, ms: size } of [...TTL_UNITS].reverse()) {
    if (ms % size === 0) return { value: ms / size, unit };
  }
  return { value: ms, unit: "ms" };
}

/** `forever`, `1 h`, `90 s`, `7 days`. */
export function formatTtl(ms: number): string {
  if (ms === 0) return "forever";
  const { value, unit } = ttlFromMs(ms);
  return `${value} ${value === 1 && unit === "days" ? "day" : unit}`;
}
