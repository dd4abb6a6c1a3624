import {
  API_ROUTES,
  RealmListSchema,
  RealmSummarySchema,
  apiPath,
  type RealmAction,
  type RealmList,
  type RealmStateEvent,
  type RealmSummary,
  type RealmsSnapshotEvent,
} from "@em/contracts";
import {
  queryOptions,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from "@tanstack/react-query";
import { apiRequest } from "../lib/api-client.js";

/**
 * How long a fetched realm list counts as fresh. The live feed keeps it current; this only
 * stops a remount from refetching what a push delivered a moment ago.
 * @default 2_000
 */
export const REALMS_STALE_TIME_MS = 2_000;

/**
 * How often the realm list is polled while the live feed is down (and only then).
 * @default 5_000
 */
export const REALMS_POLL_INTERVAL_MS = 5_000;

export const realmKeys = {
  all: ["realms"] as const,
  list: () => [...realmKeys.all, "list"] as const,
};

export function realmListQueryOptions() {
  return queryOptions({
    queryKey: realmKeys.list(),
    queryFn: ({ signal }) =>
      apiRequest(apiPath(API_ROUTES.listRealms.path), { schema: RealmListSchema, signal }),
    staleTime: REALMS_STALE_TIME_MS,
  });
}

/**
 * Every realm with its live state. Polls every {@link REALMS_POLL_INTERVAL_MS} only while
 * `live` is false; otherwise socket pushes keep the cache current.
 */
export function useListRealmsQuery({ live }: { live: boolean }) {
  return useQuery({
    ...realmListQueryOptions(),
    refetchInterval: live ? false : REALMS_POLL_INTERVAL_MS,
  });
}

/** Natural order: realm2 before realm10. */
export function compareRealms(a: RealmSummary, b: RealmSummary): number {
  return a.name.localeCompare(b.name, undefined, { numeric: true, sensitivity: "base" });
}

/** The list with `realm` replacing its namesake, or added if new. */
export function withRealm(list: RealmList | undefined, realm: RealmSummary): RealmList {
  const realms = list?.realms ?? [];
  const index = realms.findIndex((r) => r.name === realm.name);
  if (index === -1) return { realms: [...realms, realm].sort(compareRealms) };
  return { realms: realms.map((r, i) => (i === index ? realm : r)) };
}

/** Puts one realm's fresh state into the cached list (action answers, `realm:state` pushes). */
export function upsertRealm(queryClient: QueryClient, realm: RealmSummary): void {
  queryClient.setQueryData(realmKeys.list(), (list: RealmList | undefined) =>
    withRealm(list, realm),
  );
}

/** Drops a realm from the cached list (`realm:removed`). */
export function removeRealm(queryClient: QueryClient, name: string): void {
  queryClient.setQueryData(realmKeys.list(), (list: RealmList | undefined) =>
    list ? { realms: list.realms.filter((r) => r.name !== name) } : list,
  );
}

/**
 * Applies a lossy snapshot without undoing newer news: a realm whose `realm:state` arrived
 * after the snapshot was taken keeps the pushed state, so a late snapshot never flips a
 * just-killed realm back to online.
 */
export function mergeSnapshot(
  current: RealmList | undefined,
  snapshot: RealmsSnapshotEvent,
  stateAt: ReadonlyMap<string, number>,
): RealmList {
  const snapshotAt = Date.parse(snapshot.at);
  const byName = new Map(current?.realms.map((r) => [r.name, r]));
  const realms = snapshot.realms.map((realm) => {
    const pushedAt = stateAt.get(realm.name);
    const cached = byName.get(realm.name);
    return pushedAt !== undefined && cached && pushedAt > snapshotAt ? cached : realm;
  });
  return { realms: realms.sort(compareRealms) };
}

/**
 * Keeps the realm cache in step with the live feed: `realm:state` replaces its realm at
 * once, `realms:snapshot` replaces the list unless a state push is newer.
 */
export function createRealmFeedCache(queryClient: QueryClient) {
  const stateAt = new Map<string, number>();
  return {
    applyState(event: RealmStateEvent): void {
      stateAt.set(event.name, Date.parse(event.at));
      upsertRealm(queryClient, event.realm);
    },
    applySnapshot(event: RealmsSnapshotEvent): void {
      queryClient.setQueryData(realmKeys.list(), (list: RealmList | undefined) =>
        mergeSnapshot(list, event, stateAt),
      );
    },
    remove(name: string): void {
      stateAt.delete(name);
      removeRealm(queryClient, name);
    },
    /** After a gap in the feed (reconnect), fetch the truth once. */
    resync(): Promise<void> {
      return queryClient.invalidateQueries({ queryKey: realmKeys.all });
    },
  };
}

export interface RealmActionVariables {
  name: string;
  action: RealmAction;
}

/** Start, stop, kill, pause, resume or restart a realm; its answer goes into the cache. */
export function useRunRealmActionMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: [...realmKeys.all, "action"],
    mutationFn: ({ name, action }: RealmActionVariables) =>
      apiRequest(apiPath(API_ROUTES.realmAction.path, { name, action }), {
        method: "POST",
        schema: RealmSummarySchema,
      }),
    onSuccess: (realm) => upsertRealm(queryClient, realm),
    onSettled: () => queryClient.invalidateQueries({ queryKey: realmKeys.all }),
  });
}
