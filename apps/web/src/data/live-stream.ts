import type {
  ConnectionBurstEvent,
  ConnectionClosedEvent,
  ConnectionOpenedEvent,
  Drill,
  SessionFailoverEvent,
} from "@em/contracts";
import { useQuery, type QueryClient } from "@tanstack/react-query";
import { formatCount, formatStall } from "../lib/format.js";
import { describeClusterEvent, type ClusterEvent } from "./cluster-events.js";

/**
 * How many lines the live event stream keeps (newest first), across every cluster.
 * @default 300
 */
export const LIVE_STREAM_CAP = 300;

/**
 * Connection events of one realm within this long of the first become one line ("1,000
 * connections closed on realm2"), even when they arrive in several pushes or flushes; steady
 * churn still shows as a new line every window, not one line that grows for ever.
 * @default 3_000
 */
export const CONNECTION_COALESCE_WINDOW_MS = 3_000;

/** A push as the live feed hands it to the stream, before batching and coalescing. */
export type LiveIncoming =
  | { kind: "failover"; event: SessionFailoverEvent }
  | { kind: "connection-opened"; event: ConnectionOpenedEvent }
  | { kind: "connection-closed"; event: ConnectionClosedEvent }
  | { kind: "burst"; event: ConnectionBurstEvent }
  | { kind: "cluster"; event: ClusterEvent }
  | { kind: "drill"; drill: Drill };

interface ItemBase {
  id: number;
  at: string;
  /** The cluster the line is about, when the push named one. */
  cluster: string | null;
  /** Realms the line is about: a cluster's view shows lines about its members. */
  realms: string[];
}

export type LiveStreamItem = ItemBase &
  (
    | {
        type: "failover";
        session: string;
        from: string | null;
        to: string | null;
        stallMs: number | null;
        lost: number;
        duplicated: number;
      }
    | {
        type: "connections";
        realm: string;
        opened: number;
        closed: number;
        /** The client and reason of a line that stands for one connection only. */
        single: { name: string | null; reason: string | null } | null;
        firstAt: string;
      }
    | { type: "cluster"; event: ClusterEvent }
    | {
        type: "drill";
        drillId: string;
        action: Drill["action"];
        realm: string;
        status: Drill["status"];
        step: string | null;
        report: Drill["report"];
      }
  );

export interface LiveStream {
  /** Newest first, at most {@link LIVE_STREAM_CAP}. */
  items: LiveStreamItem[];
  nextId: number;
}

export const EMPTY_LIVE_STREAM: LiveStream = { items: [], nextId: 1 };

type NewItem = LiveStreamItem extends infer I ? (I extends unknown ? Omit<I, "id"> : never) : never;

function connectionChanges(incoming: LiveIncoming): {
  realm: string;
  opened: number;
  closed: number;
  at: string;
  single: { name: string | null; reason: string | null } | null;
}[] {
  switch (incoming.kind) {
    case "connection-opened":
      return [
        {
          realm: incoming.event.realm,
          opened: 1,
          closed: 0,
          at: incoming.event.at,
          single: { name: incoming.event.name, reason: null },
        },
      ];
    case "connection-closed":
      return [
        {
          realm: incoming.event.realm,
          opened: 0,
          closed: 1,
          at: incoming.event.at,
          single: { name: incoming.event.name, reason: incoming.event.reason },
        },
      ];
    case "burst":
      return Object.entries(incoming.event.byRealm)
        .filter(([, counts]) => counts.opened + counts.closed > 0)
        .map(([realm, counts]) => ({ realm, ...counts, at: incoming.event.to, single: null }));
    default:
      return [];
  }
}

/** The step a drill is at: the running one, else the last that finished. */
export function currentDrillStep(drill: Drill): string | null {
  const running = drill.steps.find((step) => step.status === "running");
  if (running) return running.name;
  const finished = drill.steps.filter((step) => step.status !== "pending");
  return finished.at(-1)?.name ?? null;
}

/** When a drill last moved: its end, else the latest step start or end, else its start. */
export function drillMovedAt(drill: Drill): string {
  if (drill.finishedAt !== null) return drill.finishedAt;
  let latest = drill.startedAt;
  for (const step of drill.steps) {
    for (const at of [step.startedAt, step.finishedAt]) {
      if (at !== null && Date.parse(at) > Date.parse(latest)) latest = at;
    }
  }
  return latest;
}

function toItem(incoming: LiveIncoming): NewItem | null {
  switch (incoming.kind) {
    case "failover": {
      const e = incoming.event;
      return {
        type: "failover",
        at: e.at,
        cluster: null,
        realms: [e.from, e.to].filter((r): r is string => r !== null),
        session: e.session,
        from: e.from,
        to: e.to,
        stallMs: e.stallMs,
        lost: e.lost,
        duplicated: e.duplicated,
      };
    }
    case "cluster":
      return {
        type: "cluster",
        at: incoming.event.at,
        cluster: incoming.event.cluster,
        realms: "realm" in incoming.event ? [incoming.event.realm] : [],
        event: incoming.event,
      };
    case "drill": {
      const d = incoming.drill;
      return {
        type: "drill",
        at: drillMovedAt(d),
        cluster: d.cluster,
        realms: [d.realm],
        drillId: d.id,
        action: d.action,
        realm: d.realm,
        status: d.status,
        step: currentDrillStep(d),
        report: d.report,
      };
    }
    default:
      return null;
  }
}

const byNewest = (a: LiveStreamItem, b: LiveStreamItem) => Date.parse(b.at) - Date.parse(a.at);

/**
 * Folds a batch of pushes into the stream: one line per failover, cluster event and drill step,
 * connection events of a realm merged into one counted line, newest first, capped.
 */
export function reduceLiveStream(
  stream: LiveStream,
  batch: readonly LiveIncoming[],
  cap: number = LIVE_STREAM_CAP,
): LiveStream {
  if (batch.length === 0) return stream;
  const items = [...stream.items];
  let nextId = stream.nextId;
  // The newest counted line of each realm: a burst of thousands looks one line up per event.
  const connectionLine = new Map<string, number>();
  items.forEach((item, index) => {
    if (item.type === "connections" && !connectionLine.has(item.realm))
      connectionLine.set(item.realm, index);
  });
  for (const incoming of batch) {
    for (const change of connectionChanges(incoming)) {
      const atMs = Date.parse(change.at);
      const index = connectionLine.get(change.realm);
      const line = index === undefined ? undefined : items[index];
      if (
        index !== undefined &&
        line?.type === "connections" &&
        Math.abs(atMs - Date.parse(line.firstAt)) <= CONNECTION_COALESCE_WINDOW_MS
      ) {
        items[index] = {
          ...line,
          at: atMs > Date.parse(line.at) ? change.at : line.at,
          opened: line.opened + change.opened,
          closed: line.closed + change.closed,
          single: null,
        };
      } else {
        connectionLine.set(change.realm, items.length);
        items.push({
          id: nextId++,
          type: "connections",
          at: change.at,
          firstAt: change.at,
          cluster: null,
          realms: [change.realm],
          realm: change.realm,
          opened: change.opened,
          closed: change.closed,
          single: change.single,
        });
      }
    }
    const item = toItem(incoming);
    if (item === null) continue;
    if (item.type === "drill") {
      // Each push repeats the whole drill: one line per step reached, not per push.
      const seen = items.some(
        (i) =>
          i.type === "drill" &&
          i.drillId === item.drillId &&
          i.step === item.step &&
          i.status === item.status,
      );
      if (seen) continue;
    }
    items.push({ ...item, id: nextId++ });
  }
  // A stable sort keeps equal times in arrival order; newest arrivals were pushed last.
  items.sort((a, b) => byNewest(a, b) || b.id - a.id);
  return { items: items.slice(0, cap), nextId };
}

/** Whether a line belongs in the live view of a cluster with these members. */
export function itemConcernsCluster(
  item: LiveStreamItem,
  cluster: string,
  members: ReadonlySet<string>,
): boolean {
  if (item.cluster !== null) return item.cluster === cluster;
  return item.realms.some((realm) => members.has(realm));
}

export type LiveTone = "ok" | "warn" | "danger" | "neutral";

/** The line a person reads, and whether it is good or bad news. */
export function describeLiveItem(item: LiveStreamItem): { tone: LiveTone; text: string } {
  switch (item.type) {
    case "failover": {
      const exact = item.lost === 0 && item.duplicated === 0;
      const where = `${item.from ?? "no realm"} → ${item.to ?? "no realm"}`;
      const stall = item.stallMs === null ? "" : ` after ${formatStall(item.stallMs)}`;
      const delivery = exact
        ? "exact"
        : `${formatCount(item.lost)} lost, ${formatCount(item.duplicated)} duplicated`;
      return {
        tone: exact ? "warn" : "danger",
        text: `${item.session} failed over ${where}${stall}; ${delivery}`,
      };
    }
    case "connections": {
      if (item.single && item.opened + item.closed === 1) {
        const who = item.single.name ?? "A client";
        return item.opened === 1
          ? { tone: "neutral", text: `${who} connected to ${item.realm}` }
          : {
              tone: "neutral",
              text: `${who} disconnected from ${item.realm}${item.single.reason ? ` (${item.single.reason})` : ""}`,
            };
      }
      const parts: string[] = [];
      if (item.closed > 0)
        parts.push(
          `${formatCount(item.closed)} ${item.closed === 1 ? "connection" : "connections"} closed`,
        );
      if (item.opened > 0)
        parts.push(
          `${formatCount(item.opened)} ${item.opened === 1 ? "connection" : "connections"} opened`,
        );
      return {
        tone: item.closed > item.opened ? "warn" : "neutral",
        text: `${parts.join(", ")} on ${item.realm}`,
      };
    }
    case "cluster":
      return describeClusterEvent(item.event);
    case "drill": {
      const what = `Drill ${item.action} ${item.realm}`;
      if (item.status === "running")
        return { tone: "neutral", text: `${what}: ${item.step ?? "starting"}` };
      if (item.status === "failed")
        return { tone: "danger", text: `${what} failed${item.step ? ` at ${item.step}` : ""}` };
      const r = item.report;
      return {
        tone: r && r.lost === 0 && r.duplicated === 0 ? "ok" : "danger",
        text: r
          ? `${what} done: ${r.sessions.length} failovers, stall p50 ${formatStall(r.stallP50Ms)}, max ${formatStall(r.stallMaxMs)}, ${formatCount(r.lost)} lost, ${formatCount(r.duplicated)} duplicated`
          : `${what} done`,
      };
    }
  }
}

/**
 * The `data-type` of a line: `failover`, `drill`, the cluster event's type (`quorumLost`,
 * `masterChanged`, `memberState`, …), `burst` for a counted line of several connections, and
 * `connection-opened` / `connection-closed` for a line that stands for one.
 */
export function liveItemType(item: LiveStreamItem): string {
  switch (item.type) {
    case "cluster":
      return item.event.type;
    case "connections":
      if (item.opened + item.closed > 1) return "burst";
      return item.opened === 1 ? "connection-opened" : "connection-closed";
    default:
      return item.type;
  }
}

/** Outside every fetched key: invalidating anything never refetches (and empties) the stream. */
export const liveStreamKeys = { all: ["live-stream"] as const };

/** Applies one flushed batch to the cached stream: one cache write, one render, per flush. */
export function appendLiveBatch(queryClient: QueryClient, batch: readonly LiveIncoming[]): void {
  queryClient.setQueryData(liveStreamKeys.all, (stream: LiveStream | undefined) =>
    reduceLiveStream(stream ?? EMPTY_LIVE_STREAM, batch),
  );
}

/** The live event stream since the console opened, newest first. */
export function useLiveStreamQuery() {
  return useQuery({
    queryKey: liveStreamKeys.all,
    queryFn: () => EMPTY_LIVE_STREAM,
    enabled: false,
    initialData: EMPTY_LIVE_STREAM,
    gcTime: Infinity,
    staleTime: Infinity,
  });
}
