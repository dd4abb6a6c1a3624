import type { WATCH_ROUTES } from "@em/contracts";
import type { RouteHandler } from "../http/mount-route.js";
import type { SessionService } from "./session-service.js";

type Route = "listSessions" | "getSession" | "listRealmConnections" | "bounceConnection";
export type SessionHandlers = { [K in Route]: RouteHandler<(typeof WATCH_ROUTES)[K]> };

export function createSessionHandlers(sessions: SessionService): SessionHandlers {
  return {
    listSessions: ({ query }) => sessions.list(query),
    getSession: ({ params }) => sessions.get(params.session),
    listRealmConnections: ({ params, query }) => sessions.connections(params.name, query.limit),
    bounceConnection: ({ params }) => sessions.bounce(params.name, params.cid),
  };
}
