import { useSyncExternalStore, type MouseEvent } from "react";

/** The console's pages, parsed from the URL path so every view can be shared by its address. */
export type Route =
  | { page: "realms" }
  | { page: "clusters" }
  | { page: "create-cluster" }
  | { page: "cluster"; name: string }
  | { page: "not-found"; path: string };

const CREATE_CLUSTER_PATH = "/clusters/_new";

/** Path → page. Unknown paths are a page of their own, not a silent redirect. */
export function parseRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, "") || "/";
  if (path === "/" || path === "/realms") return { page: "realms" };
  if (path === "/clusters") return { page: "clusters" };
  // "_new" cannot be a cluster name (names start with a letter), so it never hides a cluster.
  if (path === CREATE_CLUSTER_PATH) return { page: "create-cluster" };
  const cluster = /^\/clusters\/([^/]+)$/.exec(path);
  if (cluster?.[1]) {
    try {
      return { page: "cluster", name: decodeURIComponent(cluster[1]) };
    } catch {
      return { page: "not-found", path };
    }
  }
  return { page: "not-found", path };
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
    case "not-found":
      return route.path;
  }
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
