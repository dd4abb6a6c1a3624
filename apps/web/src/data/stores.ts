import {
  PublishedEventSchema,
  PurgedSchema,
  STORE_ROUTES,
  STORE_ROUTE_PREFIX,
  StoreDetailSchema,
  StoreEventPageSchema,
  StoreListSchema,
  apiPath,
  type CreateStore,
  type PublishEvent,
  type StoreRouteAction,
  type UpdateStore,
} from "@em/contracts";
import {
  keepPreviousData,
  queryOptions,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import { apiRequest } from "../lib/api-client.js";
import type { StoreParent } from "../lib/router.js";

/**
 * How often store lists and details are polled. Stores have no live-feed topic; the API
 * answers lists from its cached state, so a poll is cheap.
 * @default 2_000
 */
export const STORES_POLL_INTERVAL_MS = 2_000;

/** @default 1_000 */
export const STORES_STALE_TIME_MS = 1_000;

/** Rows per page of the store list. @default 100 */
export const STORE_PAGE_SIZE = 100;

/** Events per snoop page. @default 20 */
export const SNOOP_PAGE_SIZE = 20;

/** How often the live tail fetches the newest page. @default 1_000 */
export const LIVE_TAIL_INTERVAL_MS = 1_000;

export interface StoreListFilter {
  prefix: string;
  offset: number;
}

/** An EID range of the snoop panel; both ends empty means the newest page. */
export interface SnoopRange {
  fromEid?: number | undefined;
  toEid?: number | undefined;
}

export const storeKeys = {
  all: ["stores"] as const,
  parent: (p: StoreParent) => [...storeKeys.all, p.owner, p.name, p.kind] as const,
  lists: (p: StoreParent) => [...storeKeys.parent(p), "list"] as const,
  list: (p: StoreParent, filter: StoreListFilter) => [...storeKeys.lists(p), filter] as const,
  store: (p: StoreParent, store: string) => [...storeKeys.parent(p), "store", store] as const,
  detail: (p: StoreParent, store: string) => [...storeKeys.store(p, store), "detail"] as const,
  events: (p: StoreParent, store: string, range: SnoopRange) =>
    [...storeKeys.store(p, store), "events", range] as const,
};

/** The contract route of `action` for this parent: `clusterChannelList`, `realmQueuePublish`, … */
function storeRoute(parent: StoreParent, action: StoreRouteAction) {
  const prefix = STORE_ROUTE_PREFIX[parent.owner][parent.kind];
  const name = `${prefix}${action[0]?.toUpperCase()}${action.slice(1)}`;
  return STORE_ROUTES[name as keyof typeof STORE_ROUTES];
}

/** The access a store action needs (viewer reads, operator changes), from the contract. */
export function storeActionAccess(parent: StoreParent, action: StoreRouteAction) {
  return storeRoute(parent, action).access;
}

function collectionPath(parent: StoreParent): string {
  return apiPath(storeRoute(parent, "list").path, { name: parent.name });
}

function itemPath(parent: StoreParent, store: string, action: StoreRouteAction): string {
  return apiPath(storeRoute(parent, action).path, { name: parent.name, [parent.kind]: store });
}

function withQuery(path: string, params: Record<string, string | number | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== "") query.set(key, String(value));
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

export function storeListQueryOptions(parent: StoreParent, filter: StoreListFilter) {
  return queryOptions({
    queryKey: storeKeys.list(parent, filter),
    queryFn: ({ signal }) =>
      apiRequest(
        withQuery(collectionPath(parent), {
          prefix: filter.prefix,
          offset: filter.offset,
          limit: STORE_PAGE_SIZE,
        }),
        { schema: StoreListSchema, signal },
      ),
    staleTime: STORES_STALE_TIME_MS,
  });
}

/** One page of a parent's channels or queues, filtered by name prefix on the server. */
export function useListStoresQuery(parent: StoreParent, filter: StoreListFilter) {
  return useQuery({
    ...storeListQueryOptions(parent, filter),
    // Typing a prefix keeps the last rows on screen instead of a loading flash per key.
    placeholderData: keepPreviousData,
    refetchInterval: STORES_POLL_INTERVAL_MS,
  });
}

/** One store with its replicas and consumers; `enabled: false` while it is being deleted. */
export function useGetStoreQuery(parent: StoreParent, store: string, { enabled = true } = {}) {
  return useQuery({
    queryKey: storeKeys.detail(parent, store),
    queryFn: ({ signal }) =>
      apiRequest(itemPath(parent, store, "get"), { schema: StoreDetailSchema, signal }),
    staleTime: STORES_STALE_TIME_MS,
    refetchInterval: STORES_POLL_INTERVAL_MS,
    enabled,
  });
}

/** A page of events, read without consuming; the live tail refetches the newest page. */
export function useListStoreEventsQuery(
  parent: StoreParent,
  store: string,
  range: SnoopRange,
  { liveTail, enabled = true }: { liveTail: boolean; enabled?: boolean },
) {
  return useQuery({
    queryKey: storeKeys.events(parent, store, range),
    queryFn: ({ signal }) =>
      apiRequest(
        withQuery(itemPath(parent, store, "events"), { ...range, limit: SNOOP_PAGE_SIZE }),
        { schema: StoreEventPageSchema, signal },
      ),
    placeholderData: keepPreviousData,
    refetchInterval: liveTail ? LIVE_TAIL_INTERVAL_MS : false,
    enabled,
  });
}

/** After a change: the parent's lists, and everything about the store, are out of date. */
function useInvalidateStore(parent: StoreParent) {
  const queryClient = useQueryClient();
  return (store: string) =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: storeKeys.lists(parent) }),
      queryClient.invalidateQueries({ queryKey: storeKeys.store(parent, store) }),
    ]);
}

export function useCreateStoreMutation(parent: StoreParent) {
  const invalidate = useInvalidateStore(parent);
  return useMutation({
    mutationKey: [...storeKeys.parent(parent), "create"],
    mutationFn: (body: CreateStore) =>
      apiRequest(collectionPath(parent), { method: "POST", body, schema: StoreDetailSchema }),
    onSettled: (_data, _error, body) => invalidate(body.name),
  });
}

export function useUpdateStoreMutation(parent: StoreParent, store: string) {
  const invalidate = useInvalidateStore(parent);
  return useMutation({
    mutationKey: [...storeKeys.store(parent, store), "update"],
    mutationFn: (body: UpdateStore) =>
      apiRequest(itemPath(parent, store, "update"), {
        method: "PATCH",
        body,
        schema: StoreDetailSchema,
      }),
    onSettled: () => invalidate(store),
  });
}

export function useDeleteStoreMutation(parent: StoreParent, store: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: [...storeKeys.store(parent, store), "delete"],
    mutationFn: () => apiRequest(itemPath(parent, store, "delete"), { method: "DELETE" }),
    onSuccess: () => queryClient.removeQueries({ queryKey: storeKeys.store(parent, store) }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: storeKeys.lists(parent) }),
  });
}

export function usePublishEventMutation(parent: StoreParent, store: string) {
  const invalidate = useInvalidateStore(parent);
  return useMutation({
    mutationKey: [...storeKeys.store(parent, store), "publish"],
    mutationFn: (body: PublishEvent) =>
      apiRequest(itemPath(parent, store, "publish"), {
        method: "POST",
        body,
        schema: PublishedEventSchema,
      }),
    onSettled: () => invalidate(store),
  });
}

export function usePurgeStoreMutation(parent: StoreParent, store: string) {
  const invalidate = useInvalidateStore(parent);
  return useMutation({
    mutationKey: [...storeKeys.store(parent, store), "purge"],
    mutationFn: (body: { upToEid?: number }) =>
      apiRequest(itemPath(parent, store, "purge"), {
        method: "POST",
        body,
        schema: PurgedSchema,
      }),
    onSettled: () => invalidate(store),
  });
}
