import type { StoreKind, StoreRouteOwner } from "@em/contracts";
import { useSyncExternalStore, type MouseEvent } from "react";

/** Whose channels or queues a page shows: a cluster's, or one realm's realm-local ones. */
export interface StoreParent {
  owner: StoreRouteOwner;
  /** The cluster or realm name. */
  name: string;
  kind: StoreKind;
}

/** The console's pages, parsed from the URL path so every view can be shared by its address. */
export type Route =
  | { page: "realms" }
  | { page: "clusters" }
  | { page: "create-cluster" }
  | { page: "cluster"; name: string }
  | { page: "cluster-live"; name: string }
  | { page: "sessions" }
  | { page: "session"; session: string }
  | { page: "realm-connections"; name: string }
  | { page: "drills" }
  | { page: "drill"; id: string }
  | { page: "users" }
  | { page: "account" }
  | { page: "audit" }
  | { page: "app-credentials" }
  | ({ page: "stores" } & StoreParent)
  | ({ page: "create-store" } & StoreParent)
  | ({ page: "store"; store: string } & StoreParent)
  | { page: "not-found"; path: string };

const CREATE_CLUSTER_PATH = "/clusters/_new";

const OWNER_SEGMENT: Readonly<Record<StoreRouteOwner, string>> = {
  cluster: "clusters",
  realm: "realms",
};

/**
 * `/clusters/demo/channels`, `/realms/realm2/new-queue`, `/clusters/demo/channels/%2Fsales`.
 * The create form is not `channels/new`: `new` is a valid UM name and would hide a store.
 */
const STORE_PATH =
  /^\/(clusters|realms)\/([^/]+)\/(?:(channel|queue)s(?:\/([^/]+))?|new-(channel|queue))$/;

function parseStoreRoute(path: string): Route | undefined {
  const match = STORE_PATH.exec(path);
  if (!match?.[2]) return undefined;
  const [, ownerSegment, encodedName, listKind, encodedStore, createKind] = match;
  const owner: StoreRouteOwner = ownerSegment === "clusters" ? "cluster" : "realm";
  const name = decodeURIComponent(encodedName);
  if (createKind) return { page: "create-store", owner, name, kind: createKind as StoreKind };
  const kind = listKind as StoreKind;
  if (encodedStore === undefined) return { page: "stores", owner, name, kind };
  // The UM name travels as one segment: `/eu/sales` is `%2Feu%2Fsales`.
  return { page: "store", owner, name, kind, store: decodeURIComponent(encodedStore) };
}

/** The pages of watching failover live: a cluster's live view, sessions, connections, drills. */
function parseWatchRoute(path: string): Route | undefined {
  const live = /^\/clusters\/([^/]+)\/live$/.exec(path);
  if (live?.[1]) return { page: "cluster-live", name: decodeURIComponent(live[1]) };
  // A session's name is free text: it travels as one encoded segment.
  const session = /^\/sessions\/([^/]+)$/.exec(path);
  if (session?.[1]) return { page: "session", session: decodeURIComponent(session[1]) };
  const connections = /^\/realms\/([^/]+)\/connections$/.exec(path);
  if (connections?.[1])
    return { page: "realm-connections", name: decodeURIComponent(connections[1]) };
  const drill = /^\/drills\/([^/]+)$/.exec(path);
  if (drill?.[1]) return { page: "drill", id: decodeURIComponent(drill[1]) };
  return undefined;
}

/** Path → page. Unknown paths are a page of their own, not a silent redirect. */
export function parseRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, "") || "/";
  if (path === "/" || path === "/realms") return { page: "realms" };
  if (path === "/clusters") return { page: "clusters" };
  if (path === "/sessions") return { page: "sessions" };
  if (path === "/drills") return { page: "drills" };
  if (path === "/users") return { page: "users" };
  if (path === "/account") return { page: "account" };
  if (path === "/audit") return { page: "audit" };
  if (path === "/app-credentials") return { page: "app-credentials" };
  // "_new" cannot be a cluster name (names start with a letter), so it never hides a cluster.
  if (path === CREATE_CLUSTER_PATH) return { page: "create-cluster" };
  try {
    const cluster = /^\/clusters\/([^/]+)$/.exec(path);
    if (cluster?.[1]) return { page: "cluster", name: decodeURIComponent(cluster[1]) };
    const watch = parseWatchRoute(path);
    if (watch) return watch;
    return parseStoreRoute(path) ?? { page: "not-found", path };
  } catch {
    // decodeURIComponent refuses a malformed escape such as `%E0%A4%A`.
    return { page: "not-found", path };
  }
}

/** Page → path, the inverse of {@link parseRoute}. */
export function routePath(route: Route): string {
  switch (route.page) {
    case "realms":
      return "/";
    case "clusters":
      return "/clusters";
    case "create-cluster":
      return CREATE_CLUSTER_PATH;
    case "cluster":
      return `/clusters/${encodeURIComponent(route.name)}`;
    case "cluster-live":
      return `/clusters/${encodeURIComponent(route.name)}/live`;
    case "sessions":
      return "/sessions";
    case "session":
      return `/sessions/${encodeURIComponent(route.session)}`;
    case "realm-connections":
      return `/realms/${encodeURIComponent(route.name)}/connections`;
    case "drills":
      return "/drills";
    case "drill":
      return `/drills/${encodeURIComponent(route.id)}`;
    case "users":
      return "/users";
    case "account":
      return "/account";
    case "audit":
      return "/audit";
    case "app-credentials":
      return "/app-credentials";
    case "stores":
      return `${storeParentPath(route)}/${route.kind}s`;
    case "create-store":
      return `${storeParentPath(route)}/new-${route.kind}`;
    case "store":
      return `${storeParentPath(route)}/${route.kind}s/${encodeURIComponent(route.store)}`;
    case "not-found":
      return route.path;
  }
}

function storeParentPath(parent: StoreParent): string {
  return `/${OWNER_SEGMENT[parent.owner]}/${encodeURIComponent(parent.name)}`;
}

function subscribe(listener: () => void): () => void {
  window.addEventListener("popstate", listener);
  return () => window.removeEventListener("popstate", listener);
}

const getPathname = () => window.location.pathname;

/** The current page; re-renders on navigation and on the browser's back and forward. */
export function useRoute(): Route {
  return parseRoute(useSyncExternalStore(subscribe, getPathname, getPathname));
}

/** Goes to `route` with pushState (or replaceState), and tells every {@link useRoute}. */
export function navigate(route: Route, options: { replace?: boolean } = {}): void {
  const path = routePath(route);
  if (path === window.location.pathname) return;
  if (options.replace) window.history.replaceState(null, "", path);
  else window.history.pushState(null, "", path);
  window.dispatchEvent(new PopStateEvent("popstate"));
  window.scrollTo(0, 0);
}

/**
 * An `onClick` for `<a href>` links inside the app: a plain left click navigates in place,
 * while ctrl/cmd/shift/middle clicks keep the browser's open-in-new-tab behaviour.
 */
export function followLink(route: Route) {
  return (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(route);
  };
}
