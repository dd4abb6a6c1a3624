import type { RealmClusterConfig } from "@em/contracts";

/** What applying a new cluster config to a running realm takes. */
export type ClusterChangeKind = "restart" | "reload" | "unchanged";

/**
 * nats-server cannot add or remove a `cluster {}` block by reload (it logs `config reload not
 * supported for cluster host` and goes on with the old one), so joining and leaving restart.
 * So do a new name and a new route port: 2.10.27 accepts a rename by reload but `/varz` keeps
 * the old name, and the JetStream meta group belongs to one cluster. Once clustered, routes
 * change by reload (DESIGN.md, engine facts).
 */
export function clusterChangeKind(
  current: RealmClusterConfig | null,
  next: RealmClusterConfig | null,
): ClusterChangeKind {
  if (current === null && next === null) return "unchanged";
  if (current === null || next === null) return "restart";
  if (current.name !== next.name || current.port !== next.port) return "restart";
  return sameRoutes(current.routes, next.routes) ? "unchanged" : "reload";
}

/** Routes are a set: their order in the config means nothing. */
function sameRoutes(a: readonly string[], b: readonly string[]): boolean {
  const left = [...new Set(a)].sort();
  const right = [...new Set(b)].sort();
  return left.length === right.length && left.every((route, i) => route === right[i]);
}
