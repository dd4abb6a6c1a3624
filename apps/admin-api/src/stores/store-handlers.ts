import {
  STORE_ROUTE_PREFIX,
  type STORE_ROUTES,
  type StoreKind,
  type StoreRouteAction,
  type StoreRouteOwner,
} from "@em/contracts";
import type { RouteContext, RouteHandler } from "../http/mount-route.js";
import { publishTestEvent, readEventPage } from "./store-events.js";
import type { StoreService } from "./store-service.js";

export type StoreHandlers = {
  [K in keyof typeof STORE_ROUTES]: RouteHandler<(typeof STORE_ROUTES)[K]>;
};

/** The route of an action, as every owner and kind has it (their shapes are the same). */
type ActionRoute<A extends StoreRouteAction> =
  (typeof STORE_ROUTES)[`clusterChannel${Capitalize<A>}`];

/**
 * What a store handler gets, whatever its owner and kind: query and body parsed by the route's
 * schemas; params by name, since the store's parameter is `:channel` or `:queue`.
 */
type GroupHandlers = {
  [A in StoreRouteAction]: (
    context: Omit<RouteContext<ActionRoute<A>>, "params"> & { params: Record<string, string> },
  ) => ReturnType<RouteHandler<ActionRoute<A>>>;
};

/**
 * The eight handlers of one owner and kind (e.g. a cluster's queues): the same code for all
 * four groups, reading the store name from the `:channel` or `:queue` parameter.
 */
function groupHandlers(
  stores: StoreService,
  owner: StoreRouteOwner,
  kind: StoreKind,
): GroupHandlers {
  const collection = (params: Record<string, string>) => ({
    owner,
    ownerName: params["name"] as string,
    kind,
  });
  const item = (params: Record<string, string>) => ({
    ...collection(params),
    name: params[kind] as string,
  });
  return {
    list: ({ params, query }) => stores.list(collection(params), query),
    create: ({ params, body }) => stores.create(collection(params), body),
    get: ({ params }) => stores.get(item(params)),
    update: ({ params, body }) => stores.update(item(params), body),
    delete: ({ params }) => stores.delete(item(params)),
    events: ({ params, query }) => readEventPage(stores, item(params), query),
    publish: ({ params, body }) => publishTestEvent(stores, item(params), body),
    purge: ({ params, body }) => stores.purge(item(params), body.upToEid),
  };
}

/** Handlers for all 32 store routes, named as in API_ROUTES (`clusterChannelList`, …). */
export function createStoreHandlers(stores: StoreService): StoreHandlers {
  const handlers: Record<string, unknown> = {};
  for (const owner of ["cluster", "realm"] as const) {
    for (const kind of ["channel", "queue"] as const) {
      const prefix = STORE_ROUTE_PREFIX[owner][kind];
      for (const [action, handler] of Object.entries(groupHandlers(stores, owner, kind))) {
        handlers[`${prefix}${action[0]?.toUpperCase()}${action.slice(1)}`] = handler;
      }
    }
  }
  // The route schemas parse params, query and body before a handler runs (mount-route.ts).
  return handlers as unknown as StoreHandlers;
}
