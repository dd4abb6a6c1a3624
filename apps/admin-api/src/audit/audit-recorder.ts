import type { Request, Response } from "express";
import { type AuditResult, type Role, type RouteDef } from "@em/contracts";
import type { AuthService } from "../auth-service.js";
import { answeredAs } from "../http/error-handler.js";
import { requestSession } from "../http/request-session.js";
import type { Logger } from "../logger.js";
import type { UserStore } from "../user-store.js";
import type { AuditStore } from "./audit-store.js";
import { redactParams } from "./redact-params.js";

/** A route's Express handler, as mountRoute builds it. */
export type RouteServe = (req: Request, res: Response) => Promise<void>;

/** Wraps a route's handler so that each call is recorded once it has finished. */
export type RouteAudit = (serve: RouteServe) => RouteServe;

/** The route whose caller has no session yet: the username tried is the one recorded. */
const LOGIN_ACTION = "login";

interface Actor {
  username: string | null;
  role: Role | null;
}

/** The code and status the error handler answers an error with. */
export function auditOutcome(error: unknown): { result: AuditResult; status: number } {
  const answer = answeredAs(error);
  return answer
    ? { result: answer.code, status: answer.status }
    : { result: "INTERNAL", status: 500 };
}

export interface AuditRecorderOptions {
  store: AuditStore;
  auth: AuthService;
  users: UserStore;
  logger: Logger;
}

/**
 * Records every call of a mutating route (every method but GET), successful or refused — no
 * session, wrong role, invalid input, a failed change — with who made it, their role, the route,
 * its path parameters, the body and query without secrets, the outcome and the client address.
 * Login attempts record the username tried, never the password. The response is never touched:
 * an error still reaches the error handler as it was thrown, and a failed write is logged.
 */
export class AuditRecorder {
  constructor(private readonly options: AuditRecorderOptions) {}

  /** Where the entries go, for the routes that read them. */
  get store(): AuditStore {
    return this.options.store;
  }

  /** The hook for one route of API_ROUTES; undefined for reads, which change nothing. */
  forRoute(action: string, def: RouteDef): RouteAudit | undefined {
    if (def.method === "get") return undefined;
    return (serve) => async (req, res) => {
      // Read before the call: a logout ends the very session that made it.
      const actor = action === LOGIN_ACTION ? undefined : this.sessionActor(req);
      try {
        await serve(req, res);
      } catch (error) {
        this.record(action, req, actor, auditOutcome(error));
        throw error;
      }
      this.record(action, req, actor, { result: "ok", status: res.statusCode });
    };
  }

  private sessionActor(req: Request): Actor {
    const session = requestSession(this.options.auth, req);
    return { username: session?.username ?? null, role: session?.role ?? null };
  }

  /** Who a login attempt was for; the role only once it succeeded. */
  private loginActor(req: Request, result: AuditResult): Actor {
    const tried: unknown = (req.body as { username?: unknown } | undefined)?.username;
    if (typeof tried !== "string" || tried === "") return { username: null, role: null };
    const username = tried.slice(0, 64);
    const role =
      result === "ok" ? (this.options.users.findByUsername(username)?.role ?? null) : null;
    return { username, role };
  }

  private record(
    action: string,
    req: Request,
    actor: Actor | undefined,
    outcome: { result: AuditResult; status: number },
  ): void {
    try {
      const who = actor ?? this.loginActor(req, outcome.result);
      this.options.store.append({
        at: new Date(),
        username: who.username,
        role: who.role,
        action,
        method: req.method,
        path: req.path,
        target: { ...(req.params as Record<string, string>) },
        params: redactParams(req.body, req.query),
        result: outcome.result,
        status: outcome.status,
        // The TCP peer: 'trust proxy' is off, so X-Forwarded-For cannot forge it.
        clientIp: req.ip ?? req.socket.remoteAddress ?? null,
      });
    } catch (error) {
      this.options.logger.error({ err: error, action }, "audit log write failed");
    }
  }
}
