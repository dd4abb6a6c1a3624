import type { ClientSession } from "@em/contracts";

/** Columns the sessions table sorts by; the default is the server's order (latest activity). */
export type SessionSortKey = "name" | "realm" | "since" | "failovers" | "stall";

export interface SessionSort {
  key: SessionSortKey;
  descending: boolean;
}

const KEYS: readonly SessionSortKey[] = ["name", "realm", "since", "failovers", "stall"];

/** `failovers` ascending, `-failovers` descending; anything else is the server's order. */
export function parseSessionSort(param: string): SessionSort | null {
  const descending = param.startsWith("-");
  const key = (descending ? param.slice(1) : param) as SessionSortKey;
  return KEYS.includes(key) ? { key, descending } : null;
}

export function sessionSortParam(sort: SessionSort | null): string {
  return sort ? `${sort.descending ? "-" : ""}${sort.key}` : "";
}

/** A header click: ascending first (descending first for counts and stalls), then the other way. */
export function nextSessionSort(current: SessionSort | null, key: SessionSortKey): SessionSort {
  if (current?.key === key) return { key, descending: !current.descending };
  return { key, descending: key === "failovers" || key === "stall" };
}

const text = (a: string | null, b: string | null) =>
  (a ?? "").localeCompare(b ?? "", undefined, { numeric: true, sensitivity: "base" });

function compare(a: ClientSession, b: ClientSession, key: SessionSortKey): number {
  switch (key) {
    case "name":
      return text(a.name, b.name);
    case "realm":
      return text(a.realm, b.realm);
    case "since":
      return Date.parse(a.since) - Date.parse(b.since);
    case "failovers":
      return a.failovers - b.failovers;
    case "stall":
      return (a.lastStallMs ?? -1) - (b.lastStallMs ?? -1);
  }
}

/** The rows in the chosen order; equal rows keep the server's order (latest activity first). */
export function sortSessions(
  sessions: readonly ClientSession[],
  sort: SessionSort | null,
): ClientSession[] {
  if (!sort) return [...sessions];
  const sign = sort.descending ? -1 : 1;
  return [...sessions].sort((a, b) => sign * compare(a, b, sort.key));
}
