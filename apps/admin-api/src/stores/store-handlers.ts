import {
  STORE_ROUTE_PREFIX,
  type STORE_ROUTES,
  type StoreKind,
  type StoreRouteAction,
  type StoreRouteOwner,
} from "@em/contracts";
import type { RouteHandler } from "../http/mount-route.js";
import { publishTestEvent, readEventPage } from "./store-events.js";
import type { StoreService } from "./store-service.js";

export type StoreHandlers = {
  [K in keyof typeof STORE_ROUTES]: RouteHandler<(typeof STORE_ROUTES)[K]>;
};

/** What every store handler gets, whatever its owner and kind: parsed by the route's schemas. */
interface StoreContext {
  params: Record<string, string>;
  query: never;
  body: never;
}

type GenericHandler = (context: StoreContext) => unknown;

/**
 * The eight handlers of one owner and kind (e.g. a cluster's queues): the same code for all
 * four groups, reading the store name from the `:channel` or `:queue` parameter.
 */
function groupHandlers(
  stores: StoreService,
  owner: StoreRouteOwner,
  kind: StoreKind,
): Record<StoreRouteAction, GenericHandler> {
  const route = (params: Record<string, string>) => ({
    owner,
    ownerName: params["name"] as string,
    kind,
    name: params[kind] as string,
  });
  return {
    list: ({ params, query }) => stores.list(owner, params["name"] as string, kind, query),
    create: ({ params, body }) => stores.create(owner, params["name"] as string, kind, body),
    get: ({ params }) => {
      const r = route(params);
      return stores.get(owner, r.ownerName, kind, r.name);
    },
    update: ({ params, body }) => {
      const r = route(params);
      return stores.update(owner, r.ownerName, kind, r.name, body);
    },
    delete: ({ params }) => {
      const r = route(params);
      return stores.delete(owner, r.ownerName, kind, r.name);
    },
    events: ({ params, query }) => readEventPage(stores, route(params), query),
    publish: ({ params, body }) => publishTestEvent(stores, route(params), body),
    purge: ({ params, body }) => {
      const r = route(params);
      return stores.purge(owner, r.ownerName, kind, r.name, (body as { upToEid?: number }).upToEid);
    },
  };
}

/** Handlers for all 32 store routes, named as in API_ROUTES (`clusterChannelList`, …). */
export function createStoreHandlers(stores: StoreService): StoreHandlers {
  const handlers: Record<string, GenericHandler> = {};
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
