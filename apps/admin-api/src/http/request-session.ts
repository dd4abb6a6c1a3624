import type { Request } from "express";
import { SESSION_COOKIE } from "@em/contracts";
import type { AuthService } from "../auth-service.js";
import type { SessionUser } from "../session-store.js";
import { readCookie } from "./session-cookie.js";

/** Each request's session as found when first asked for, so it is looked up once. */
const resolved = new WeakMap<Request, SessionUser | undefined>();

/**
 * The session the request's cookie names, looked up (a read and a `last_seen` write in SQLite)
 * once per request, however many layers ask: the rate limit, the route's role check, the audit.
 */
export function requestSession(auth: AuthService, req: Request): SessionUser | undefined {
  if (resolved.has(req)) return resolved.get(req);
  const session = auth.authenticate(readCookie(req.headers.cookie, SESSION_COOKIE));
  resolved.set(req, session);
  return session;
}
