import { Router } from "express";
import {
  API_ROUTES,
  SESSION_COOKIE,
  buildOpenApiDocument,
  type ApiRouteName,
  type RouteDef,
} from "@em/contracts";
import { createAuditHandlers } from "../audit/audit-handlers.js";
import type { AuditRecorder } from "../audit/audit-recorder.js";
import { createAppCredentialHandlers } from "../app-credentials/app-credential-handlers.js";
import type { AppCredentialService } from "../app-credentials/app-credential-service.js";
import type { AuthService } from "../auth-service.js";
import type { ClusterService } from "../cluster-service.js";
import { createDemoHandlers } from "../demo/demo-handlers.js";
import type { DemoTraffic } from "../demo/demo-traffic.js";
import { createDrillHandlers } from "../drills/drill-handlers.js";
import type { DrillService } from "../drills/drill-service.js";
import { createHistoryHandlers } from "../history/history-handlers.js";
import type { HistoryService } from "../history/history-service.js";
import type { HostService } from "../host-service.js";
import type { RealmService } from "../realm-service.js";
import { createSessionHandlers } from "../sessions/session-handlers.js";
import type { SessionService } from "../sessions/session-service.js";
import { createStoreHandlers } from "../stores/store-handlers.js";
import type { StoreService } from "../stores/store-service.js";
import { createUserHandlers } from "../users/user-handlers.js";
import { ADMIN_API_VERSION } from "../version.js";
import { mountRoute, type RouteHandler } from "./mount-route.js";
import { readCookie, sessionCookieOptions } from "./session-cookie.js";

export interface ApiDependencies {
  auth: AuthService;
  audit: AuditRecorder;
  hosts: HostService;
  realms: RealmService;
  clusters: ClusterService;
  stores: StoreService;
  sessions: SessionService;
  drills: DrillService;
  demo: DemoTraffic;
  history: HistoryService;
  appCredentials: AppCredentialService;
  startedAt: Date;
}

type Handlers = { [K in ApiRouteName]: RouteHandler<(typeof API_ROUTES)[K]> };

/** Every route of API_ROUTES with its handler; the map's type makes a missing route a compile error. */
export function createApiRouter({
  auth,
  audit,
  hosts,
  realms,
  clusters,
  stores,
  sessions,
  drills,
  demo,
  history,
  appCredentials,
  startedAt,
}: ApiDependencies): Router {
  const openApiDocument = buildOpenApiDocument(ADMIN_API_VERSION);
  const handlers: Handlers = {
    health: () => ({
      status: "ok",
      version: ADMIN_API_VERSION,
      uptimeSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
    }),
    openapi: () => openApiDocument,
    login: async ({ body, req, res }) => {
      const { token, expiresAt, user } = await auth.login(body, req.ip ?? "unknown");
      // A new login replaces the session this browser had, so an old cookie cannot linger.
      const previous = auth.authenticate(readCookie(req.headers.cookie, SESSION_COOKIE));
      if (previous) auth.logout(previous.sessionId);
      res.cookie(SESSION_COOKIE, token, { ...sessionCookieOptions(req), expires: expiresAt });
      return { user };
    },
    logout: ({ session, req, res }) => {
      auth.logout(session.sessionId);
      res.clearCookie(SESSION_COOKIE, sessionCookieOptions(req));
    },
    me: ({ session }) => ({ user: { username: session.username, role: session.role } }),
    listHosts: () => ({ hosts: hosts.list() }),
    registerHost: ({ body }) => hosts.register(body),
    deleteHost: ({ params }) => hosts.delete(params.id),
    listRealms: async () => ({ realms: await realms.list() }),
    getRealm: ({ params }) => realms.get(params.name),
    createRealm: ({ body }) => realms.create(body),
    realmAction: ({ params }) => realms.act(params.name, params.action),
    realmCaCertificate: async ({ params, res }) => {
      const pem = await realms.caCertificate(params.name);
      res.status(200).type("application/x-pem-file").send(pem);
    },
    listClusters: async () => ({ clusters: await clusters.list() }),
    createCluster: async ({ body, query, res }) => {
      const result = await clusters.create(body, query.dryRun === "true");
      // A dry run changes nothing and answers at once: 200, not the 202 of a started change.
      if (!("operation" in result)) res.status(200).json(result);
      return result;
    },
    getCluster: ({ params }) => clusters.get(params.name),
    deleteCluster: ({ params }) => clusters.delete(params.name),
    addClusterMember: ({ params, body }) => clusters.addMember(params.name, body.realm),
    removeClusterMember: ({ params }) => clusters.removeMember(params.name, params.realm),
    evictClusterMember: ({ params }) => clusters.evictMember(params.name, params.realm),
    getOperation: ({ params }) => clusters.operation(params.id),
    // Channels and queues of clusters and realms: 32 routes from one handler factory.
    ...createStoreHandlers(stores),
    // Watching failover live: sessions and connections, drills, demo traffic, history.
    ...createSessionHandlers(sessions),
    ...createDrillHandlers(drills),
    ...createDemoHandlers(demo),
    ...createHistoryHandlers(history),
    // The audit log: read and export (issue 7).
    ...createAuditHandlers(audit.store),
    // Console users and password changes.
    ...createUserHandlers(auth),
    // Application credentials for realms (issue 7).
    ...createAppCredentialHandlers(appCredentials),
  };

  const router = Router();
  for (const name of Object.keys(API_ROUTES) as ApiRouteName[]) {
    mountRoute(
      router,
      auth,
      API_ROUTES[name] as RouteDef,
      handlers[name] as RouteHandler<RouteDef>,
      audit.forRoute(name, API_ROUTES[name] as RouteDef),
    );
  }
  return router;
}
