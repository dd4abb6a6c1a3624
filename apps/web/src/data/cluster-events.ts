import type {
  ClusterMemberEvent,
  MasterChangedEvent,
  MemberStateEvent,
  QuorumLostEvent,
  QuorumReachedEvent,
} from "@em/contracts";
import { useQuery, type QueryClient } from "@tanstack/react-query";

/**
 * How many live events a cluster page keeps (newest first).
 * @default 50
 */
export const CLUSTER_EVENTS_CAP = 50;

/** A cluster event as received from the live feed, tagged with its socket event name. */
export type ClusterEvent =
  | ({ type: "memberAdded" } & ClusterMemberEvent)
  | ({ type: "memberRemoved" } & ClusterMemberEvent)
  | ({ type: "quorumReached" } & QuorumReachedEvent)
  | ({ type: "quorumLost" } & QuorumLostEvent)
  | ({ type: "masterChanged" } & MasterChangedEvent)
  | ({ type: "memberState" } & MemberStateEvent);

/** Outside the `clusters` key so invalidating clusters never refetches (and empties) the log. */
export const clusterEventKeys = {
  all: ["cluster-events"] as const,
  list: (cluster: string) => [...clusterEventKeys.all, cluster] as const,
};

/** The list with `event` in front, newest first by time, at most {@link CLUSTER_EVENTS_CAP}. */
export function withEvent(
  events: readonly ClusterEvent[] | undefined,
  event: ClusterEvent,
): ClusterEvent[] {
  const next = [event, ...(events ?? [])];
  // Pushes arrive in order almost always; a stable sort keeps equal times in arrival order.
  next.sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  return next.slice(0, CLUSTER_EVENTS_CAP);
}

/** The log lives in the query cache: kept forever, never fetched, only pushed into. */
export function configureClusterEvents(queryClient: QueryClient): void {
  queryClient.setQueryDefaults(clusterEventKeys.all, { gcTime: Infinity, staleTime: Infinity });
}

export function appendClusterEvent(queryClient: QueryClient, event: ClusterEvent): void {
  queryClient.setQueryData(
    clusterEventKeys.list(event.cluster),
    (events: ClusterEvent[] | undefined) => withEvent(events, event),
  );
}

const NO_EVENTS: ClusterEvent[] = [];

/** The live events of one cluster seen since the console opened, newest first. */
export function useListClusterEventsQuery(cluster: string) {
  return useQuery({
    queryKey: clusterEventKeys.list(cluster),
    queryFn: () => NO_EVENTS,
    enabled: false,
    initialData: NO_EVENTS,
    gcTime: Infinity,
    staleTime: Infinity,
  });
}

/** One line for an event: what happened, and whether it is good or bad news. */
export function describeClusterEvent(event: ClusterEvent): {
  tone: "ok" | "warn" | "danger" | "neutral";
  text: string;
} {
  switch (event.type) {
    case "memberAdded":
      return { tone: "ok", text: `${event.realm} joined the cluster` };
    case "memberRemoved":
      return { tone: "neutral", text: `${event.realm} left the cluster` };
    case "quorumReached":
      return { tone: "ok", text: `Quorum reached; ${event.master} is master` };
    case "quorumLost":
      return { tone: "danger", text: "Quorum lost: the cluster takes no writes" };
    case "masterChanged":
      return {
        tone: event.to === null ? "danger" : "warn",
        text:
          event.to === null
            ? `Master ${event.from ?? "—"} gone; no master elected`
            : `Master changed: ${event.from ?? "none"} → ${event.to}`,
      };
    case "memberState":
      return {
        tone:
          event.state === "offline" || event.state === "no-quorum"
            ? "danger"
            : event.state === "recovering"
              ? "warn"
              : "ok",
        text: `${event.realm} is now ${event.state}`,
      };
  }
}
