const EMPTY = "—";

/** `3h 12m`, `4d 2h`, `12m 5s`, `42s`; a dash when unknown. */
export function formatUptime(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return EMPTY;
  const s = Math.max(0, Math.floor(seconds));
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3_600);
  const minutes = Math.floor((s % 3_600) / 60);
  const secs = s % 60;
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${minutes}m`;
  if (minutes > 0) return `${minutes}m ${secs}s`;
  return `${secs}s`;
}

const BYTE_UNITS = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"] as const;

/** `512 B`, `3.4 KiB`, `12 MiB` (binary units, one decimal below 10). */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return EMPTY;
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${value.toFixed(digits)} ${BYTE_UNITS[unit]}`;
}

/** A byte rate: `3.4 KiB/s`; a dash until the server has two samples. */
export function formatByteRate(perSecond: number | null | undefined): string {
  if (perSecond === null || perSecond === undefined) return EMPTY;
  return `${formatBytes(perSecond)}/s`;
}

const COMPACT_UNITS = [
  { limit: 1e9, suffix: "G" },
  { limit: 1e6, suffix: "M" },
  { limit: 1e3, suffix: "k" },
] as const;

/** A count or rate in little room: `0`, `12.5`, `950`, `1.2k`, `34M`. */
export function formatCompact(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return EMPTY;
  const abs = Math.abs(value);
  for (const { limit, suffix } of COMPACT_UNITS) {
    if (abs >= limit) {
      const scaled = value / limit;
      return `${scaled.toFixed(Math.abs(scaled) >= 10 ? 0 : 1)}${suffix}`;
    }
  }
  if (Number.isInteger(value)) return String(value);
  return value.toFixed(abs >= 100 ? 0 : 1);
}

/** `just now`, `4s ago`, `3m ago`, `2h ago`, `5d ago`. */
export function formatAgo(sinceMs: number): string {
  const s = Math.max(0, Math.floor(sinceMs / 1000));
  if (s < 1) return "just now";
  if (s < 60) return `${s}s ago`;
  if (s < 3_600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86_400) return `${Math.floor(s / 3_600)}h ago`;
  return `${Math.floor(s / 86_400)}d ago`;
}

/** "last seen 12s ago" from an ISO time, or "never seen". */
export function formatLastSeen(lastSeen: string | null, nowMs: number): string {
  if (lastSeen === null) return "never seen";
  const at = Date.parse(lastSeen);
  if (Number.isNaN(at)) return "never seen";
  return `last seen ${formatAgo(nowMs - at)}`;
}

const COUNT_FORMAT = new Intl.NumberFormat("en-US");

/** A count with thousands separators: `1,000`. */
export function formatCount(value: number): string {
  return COUNT_FORMAT.format(value);
}

/** A stall as an operator compares them: `27 ms`, `250 ms`, `6.1 s`; a dash when unknown. */
export function formatStall(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return EMPTY;
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  return `${(ms / 1_000).toFixed(1)} s`;
}
