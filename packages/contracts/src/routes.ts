import { z } from "zod";
import { LoginSchema, MeSchema, type Role } from "./auth.js";
import {
  AddClusterMemberSchema,
  ClusterDetailSchema,
  ClusterListSchema,
  ClusterMemberParamsSchema,
  ClusterParamsSchema,
  CreateClusterQuerySchema,
  CreateClusterSchema,
  OperationAcceptedSchema,
  OperationParamsSchema,
  OperationSchema,
  PreflightSchema,
} from "./cluster.js";
import { STORE_ROUTES } from "./store-routes.js";
import { WATCH_ROUTES } from "./watch-routes.js";
import { USER_ROUTES } from "./user-routes.js";
import { AUDIT_ROUTES } from "./audit-routes.js";
import { APP_CREDENTIAL_ROUTES } from "./app-credential-routes.js";
import { HostListSchema, HostParamsSchema, HostSchema, RegisterHostSchema } from "./host.js";
import {
  CreateRealmSchema,
  RealmActionParamsSchema,
  RealmListSchema,
  RealmParamsSchema,
  RealmSummarySchema,
} from "./realm.js";

export const HealthSchema = z.object({
  status: z.literal("ok"),
  version: z.string(),
  uptimeSeconds: z.number().nonnegative(),
});
export type Health = z.infer<typeof HealthSchema>;

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

/**
 * One route of the admin API: the single place that says who may call it and what it takes
 * and returns. The server mounts handlers by these, the OpenAPI document is generated from
 * them, and the role walk test reads them.
 */
export interface RouteDef {
  readonly method: HttpMethod;
  /** Express-style path: `/api/realms/:name`. */
  readonly path: string;
  /** `public`: no session needed; `session`: any logged-in user; otherwise the least role. */
  readonly access: "public" | "session" | Role;
  readonly summary: string;
  readonly tag: string;
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly body?: z.ZodType;
  /** The success response schema; undefined for an empty body (204). */
  readonly response?: z.ZodType;
  readonly successStatus: 200 | 201 | 202 | 204;
}

function route<const R extends RouteDef>(def: R): R {
  return def;
}

/** Every route of the admin API. */
export const API_ROUTES = {
  health: route({
    method: "get",
    path: "/api/health",
    access: "public",
    summary: "Liveness of the admin API",
    tag: "system",
    response: HealthSchema,
    successStatus: 200,
  }),
  openapi: route({
    method: "get",
    path: "/api/openapi.json",
    access: "session",
    summary: "This API's OpenAPI document",
    tag: "system",
    successStatus: 200,
  }),
  login: route({
    method: "post",
    path: "/api/auth/login",
    access: "public",
    summary: "Log in; sets the httpOnly session cookie",
    tag: "auth",
    body: LoginSchema,
    response: MeSchema,
    successStatus: 200,
  }),
  logout: route({
    method: "post",
    path: "/api/auth/logout",
    access: "session",
    summary: "Log out; ends the session",
    tag: "auth",
    successStatus: 204,
  }),
  me: route({
    method: "get",
    path: "/api/auth/me",
    access: "session",
    summary: "The logged-in user",
    tag: "auth",
    response: MeSchema,
    successStatus: 200,
  }),
  listHosts: route({
    method: "get",
    path: "/api/hosts",
    access: "viewer",
    summary: "Registered realm hosts",
    tag: "hosts",
    response: HostListSchema,
    successStatus: 200,
  }),
  registerHost: route({
    method: "post",
    path: "/api/hosts",
    access: "admin",
    summary: "Register a realmd by URL and token",
    tag: "hosts",
    body: RegisterHostSchema,
    response: HostSchema,
    successStatus: 201,
  }),
  deleteHost: route({
    method: "delete",
    path: "/api/hosts/:id",
    access: "admin",
    summary: "Forget a realm host (its realms keep running)",
    tag: "hosts",
    params: HostParamsSchema,
    successStatus: 204,
  }),
  listRealms: route({
    method: "get",
    path: "/api/realms",
    access: "viewer",
    summary: "Every realm on every host, with live state",
    tag: "realms",
    response: RealmListSchema,
    successStatus: 200,
  }),
  getRealm: route({
    method: "get",
    path: "/api/realms/:name",
    access: "viewer",
    summary: "One realm's live state",
    tag: "realms",
    params: RealmParamsSchema,
    response: RealmSummarySchema,
    successStatus: 200,
  }),
  createRealm: route({
    method: "post",
    path: "/api/realms",
    access: "admin",
    summary: "Create a realm on a registered host",
    tag: "realms",
    body: CreateRealmSchema,
    response: RealmSummarySchema,
    successStatus: 201,
  }),
  realmAction: route({
    method: "post",
    path: "/api/realms/:name/actions/:action",
    access: "operator",
    summary: "Start, stop (graceful), kill (SIGKILL), pause (SIGSTOP), resume or restart a realm",
    tag: "realms",
    params: RealmActionParamsSchema,
    response: RealmSummarySchema,
    successStatus: 200,
  }),
  realmCaCertificate: route({
    method: "get",
    path: "/api/realms/:name/ca.pem",
    access: "viewer",
    summary:
      "The CA certificate (PEM, public) that clients of the realm's TLS interfaces (nsps, nhps) trust; 404 when it has none",
    tag: "realms",
    params: RealmParamsSchema,
    successStatus: 200,
  }),
  listClusters: route({
    method: "get",
    path: "/api/clusters",
    access: "viewer",
    summary: "Every cluster with its members, master and quorum",
    tag: "clusters",
    response: ClusterListSchema,
    successStatus: 200,
  }),
  createCluster: route({
    method: "post",
    path: "/api/clusters",
    access: "admin",
    summary:
      "Create a cluster: runs the preflight, then joins the realms in the background (202 with the operation); ?dryRun=true answers the preflight only (200)",
    tag: "clusters",
    query: CreateClusterQuerySchema,
    body: CreateClusterSchema,
    response: z.union([OperationAcceptedSchema, PreflightSchema]),
    successStatus: 202,
  }),
  getCluster: route({
    method: "get",
    path: "/api/clusters/:name",
    access: "viewer",
    summary: "A cluster's state and the quorum what-if per member",
    tag: "clusters",
    params: ClusterParamsSchema,
    response: ClusterDetailSchema,
    successStatus: 200,
  }),
  deleteCluster: route({
    method: "delete",
    path: "/api/clusters/:name",
    access: "admin",
    summary: "Delete a cluster: every member back to standalone, realm-local stores kept",
    tag: "clusters",
    params: ClusterParamsSchema,
    response: OperationAcceptedSchema,
    successStatus: 202,
  }),
  addClusterMember: route({
    method: "post",
    path: "/api/clusters/:name/members",
    access: "admin",
    summary: "Add a realm to a cluster (restarts only the joiner)",
    tag: "clusters",
    params: ClusterParamsSchema,
    body: AddClusterMemberSchema,
    response: OperationAcceptedSchema,
    successStatus: 202,
  }),
  removeClusterMember: route({
    method: "delete",
    path: "/api/clusters/:name/members/:realm",
    access: "admin",
    summary: "Remove a realm from a cluster; it restarts standalone",
    tag: "clusters",
    params: ClusterMemberParamsSchema,
    response: OperationAcceptedSchema,
    successStatus: 202,
  }),
  evictClusterMember: route({
    method: "post",
    path: "/api/clusters/:name/members/:realm/evict",
    access: "admin",
    summary:
      "Evict an offline member (emergency: the only membership change allowed while a member is down)",
    tag: "clusters",
    params: ClusterMemberParamsSchema,
    response: OperationAcceptedSchema,
    successStatus: 202,
  }),
  getOperation: route({
    method: "get",
    path: "/api/operations/:id",
    access: "viewer",
    summary: "Progress of a long-running change",
    tag: "operations",
    params: OperationParamsSchema,
    response: OperationSchema,
    successStatus: 200,
  }),
  ...STORE_ROUTES,
  ...WATCH_ROUTES,
  ...USER_ROUTES,
  ...AUDIT_ROUTES,
  ...APP_CREDENTIAL_ROUTES,
} as const satisfies Record<string, RouteDef>;

export type ApiRouteName = keyof typeof API_ROUTES;

/** Fills an Express-style path with URL-encoded parameters: `/api/realms/realm1`. */
export function apiPath(path: string, params: Record<string, string> = {}): string {
  return path.replace(/:([A-Za-z]+)/g, (_, key: string) => {
    const value = params[key];
    if (value === undefined) throw new Error(`apiPath: missing parameter ${key} for ${path}`);
    return encodeURIComponent(value);
  });
}
