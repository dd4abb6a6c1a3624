import type { RouteDef } from "./routes.js";
import {
  BouncedSchema,
  ConnectionParamsSchema,
  RealmConnectionListSchema,
  RealmConnectionsQuerySchema,
  SessionDetailSchema,
  SessionListQuerySchema,
  SessionListSchema,
  SessionParamsSchema,
} from "./client-session.js";
import { ClusterParamsSchema } from "./cluster.js";
import { DemoTrafficSchema, StartDemoTrafficSchema } from "./demo-traffic.js";
import { DrillListSchema, DrillParamsSchema, DrillSchema, StartDrillSchema } from "./drill.js";
import { ClusterHistorySchema, HistoryQuerySchema } from "./history.js";
import { RealmParamsSchema } from "./realm.js";

/**
 * Routes of the "watch failover live" journey: client sessions and connections, drills, demo
 * traffic and history. Reading is for viewers; bounces, drills and demo traffic for operators.
 */
export const WATCH_ROUTES = {
  listSessions: {
    method: "get",
    path: "/api/sessions",
    access: "viewer",
    summary: "Client sessions, most recently active first; ?realm= those on one realm now",
    tag: "sessions",
    query: SessionListQuerySchema,
    response: SessionListSchema,
    successStatus: 200,
  },
  getSession: {
    method: "get",
    path: "/api/sessions/:session",
    access: "viewer",
    summary: "One client session with its timeline: realms, failovers, stalls, exactness",
    tag: "sessions",
    params: SessionParamsSchema,
    response: SessionDetailSchema,
    successStatus: 200,
  },
  listRealmConnections: {
    method: "get",
    path: "/api/realms/:name/connections",
    access: "viewer",
    summary: "A realm's client connections now, from its monitoring endpoint",
    tag: "sessions",
    params: RealmParamsSchema,
    query: RealmConnectionsQuerySchema,
    response: RealmConnectionListSchema,
    successStatus: 200,
  },
  bounceConnection: {
    method: "post",
    path: "/api/realms/:name/connections/:cid/bounce",
    access: "operator",
    summary: "Close a client connection so its session reconnects to another realm",
    tag: "sessions",
    params: ConnectionParamsSchema,
    response: BouncedSchema,
    successStatus: 200,
  },
  listDrills: {
    method: "get",
    path: "/api/drills",
    access: "viewer",
    summary: "Failover drills and their reports, newest first",
    tag: "drills",
    response: DrillListSchema,
    successStatus: 200,
  },
  startDrill: {
    method: "post",
    path: "/api/drills",
    access: "operator",
    summary:
      "Fail a realm on purpose (kill, pause, restart, graceful), watch, bring it back, report",
    tag: "drills",
    body: StartDrillSchema,
    response: DrillSchema,
    successStatus: 202,
  },
  getDrill: {
    method: "get",
    path: "/api/drills/:id",
    access: "viewer",
    summary: "One drill: its progress, then its report",
    tag: "drills",
    params: DrillParamsSchema,
    response: DrillSchema,
    successStatus: 200,
  },
  getDemoTraffic: {
    method: "get",
    path: "/api/demo-traffic",
    access: "viewer",
    summary: "The built-in demo sessions, if running, with their counts",
    tag: "demo",
    response: DemoTrafficSchema,
    successStatus: 200,
  },
  startDemoTraffic: {
    method: "post",
    path: "/api/demo-traffic",
    access: "operator",
    summary: "Start built-in publisher and subscriber sessions on a cluster channel",
    tag: "demo",
    body: StartDemoTrafficSchema,
    response: DemoTrafficSchema,
    successStatus: 200,
  },
  stopDemoTraffic: {
    method: "delete",
    path: "/api/demo-traffic",
    access: "operator",
    summary: "Stop the built-in demo sessions",
    tag: "demo",
    response: DemoTrafficSchema,
    successStatus: 200,
  },
  getClusterHistory: {
    method: "get",
    path: "/api/clusters/:name/history",
    access: "viewer",
    summary: "Message rates, connections and replica lag per member over the last hour, and totals",
    tag: "history",
    params: ClusterParamsSchema,
    query: HistoryQuerySchema,
    response: ClusterHistorySchema,
    successStatus: 200,
  },
} as const satisfies Record<string, RouteDef>;
