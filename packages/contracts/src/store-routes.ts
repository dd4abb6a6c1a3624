import type { z } from "zod";
import type { RouteDef } from "./routes.js";
import {
  ClusterChannelParamsSchema,
  ClusterQueueParamsSchema,
  CreateStoreSchema,
  PublishEventSchema,
  PublishedEventSchema,
  PurgeStoreSchema,
  PurgedSchema,
  RealmChannelParamsSchema,
  RealmQueueParamsSchema,
  StoreDetailSchema,
  StoreEventPageSchema,
  StoreEventsQuerySchema,
  StoreListQuerySchema,
  StoreListSchema,
  UpdateStoreSchema,
  type StoreKind,
} from "./store.js";
import { ClusterParamsSchema } from "./cluster.js";
import { RealmParamsSchema } from "./realm.js";

/** Where a group of store routes hangs: under a cluster or under a realm. */
export type StoreRouteOwner = "cluster" | "realm";

const OWNER = {
  cluster: { base: "/api/clusters/:name", params: ClusterParamsSchema, tag: "cluster stores" },
  realm: { base: "/api/realms/:name", params: RealmParamsSchema, tag: "realm-local stores" },
} as const;

const ITEM_PARAMS = {
  cluster: { channel: ClusterChannelParamsSchema, queue: ClusterQueueParamsSchema },
  realm: { channel: RealmChannelParamsSchema, queue: RealmQueueParamsSchema },
} as const;

/**
 * The eight routes of one kind of store under one owner, e.g. a cluster's channels. Channels and
 * queues, cluster and realm-local, all take the same shapes; only the path and the words differ.
 * Reading is for viewers; changing, publishing and purging for operators.
 */
function storeRouteGroup(owner: StoreRouteOwner, kind: StoreKind) {
  const { base, params, tag } = OWNER[owner];
  const plural = `${kind}s`;
  const collection = `${base}/${plural}`;
  const item = `${collection}/:${kind}`;
  const itemParams: z.ZodObject = ITEM_PARAMS[owner][kind];
  const where = owner === "cluster" ? "a cluster's" : "a realm's realm-local";
  return {
    list: {
      method: "get",
      path: collection,
      access: "viewer",
      summary: `List ${where} ${plural} from cached state; ?prefix= filters by name, ?offset=&limit= page`,
      tag,
      params,
      query: StoreListQuerySchema,
      response: StoreListSchema,
      successStatus: 200,
    },
    create: {
      method: "post",
      path: collection,
      access: "operator",
      summary: `Create one of ${where} ${plural}`,
      tag,
      params,
      body: CreateStoreSchema,
      response: StoreDetailSchema,
      successStatus: 201,
    },
    get: {
      method: "get",
      path: item,
      access: "viewer",
      summary: `One ${kind}: attributes, events, replicas, consumers (name URL-encoded)`,
      tag,
      params: itemParams,
      response: StoreDetailSchema,
      successStatus: 200,
    },
    update: {
      method: "patch",
      path: item,
      access: "operator",
      summary: `Change a ${kind}'s TTL, capacity, honourCapacity or replicas`,
      tag,
      params: itemParams,
      body: UpdateStoreSchema,
      response: StoreDetailSchema,
      successStatus: 200,
    },
    delete: {
      method: "delete",
      path: item,
      access: "operator",
      summary: `Delete a ${kind} and its events`,
      tag,
      params: itemParams,
      successStatus: 204,
    },
    events: {
      method: "get",
      path: `${item}/events`,
      access: "viewer",
      summary: `Snoop a ${kind}: a page of events by EID, newest page by default; consumes nothing`,
      tag,
      params: itemParams,
      query: StoreEventsQuerySchema,
      response: StoreEventPageSchema,
      successStatus: 200,
    },
    publish: {
      method: "post",
      path: `${item}/events`,
      access: "operator",
      summary: `Publish a test event to a ${kind}; answers its EID once stored`,
      tag,
      params: itemParams,
      body: PublishEventSchema,
      response: PublishedEventSchema,
      successStatus: 201,
    },
    purge: {
      method: "post",
      path: `${item}/purge`,
      access: "operator",
      summary: `Purge a ${kind}'s events: all, or up to an EID`,
      tag,
      params: itemParams,
      body: PurgeStoreSchema,
      response: PurgedSchema,
      successStatus: 200,
    },
  } as const satisfies Record<string, RouteDef>;
}

type StoreRouteGroup = ReturnType<typeof storeRouteGroup>;
export type StoreRouteAction = keyof StoreRouteGroup;

type Prefixed<P extends string, G> = { [A in keyof G & string as `${P}${Capitalize<A>}`]: G[A] };

function prefixed<P extends string>(
  prefix: P,
  group: StoreRouteGroup,
): Prefixed<P, StoreRouteGroup> {
  return Object.fromEntries(
    Object.entries(group).map(([action, def]) => [
      `${prefix}${action[0]?.toUpperCase()}${action.slice(1)}`,
      def,
    ]),
  ) as Prefixed<P, StoreRouteGroup>;
}

/** The route-name prefix of each owner and kind: `clusterChannelList`, `realmQueuePublish`, … */
export const STORE_ROUTE_PREFIX = {
  cluster: { channel: "clusterChannel", queue: "clusterQueue" },
  realm: { channel: "realmChannel", queue: "realmQueue" },
} as const;

/** Every store route: 8 actions × channels and queues × cluster and realm-local. */
export const STORE_ROUTES = {
  ...prefixed("clusterChannel", storeRouteGroup("cluster", "channel")),
  ...prefixed("clusterQueue", storeRouteGroup("cluster", "queue")),
  ...prefixed("realmChannel", storeRouteGroup("realm", "channel")),
  ...prefixed("realmQueue", storeRouteGroup("realm", "queue")),
};
