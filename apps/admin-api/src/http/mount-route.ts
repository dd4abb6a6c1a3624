import type { Request, Response, Router } from "express";
import type { z } from "zod";
import { ApiError, roleAllows, validationError, type RouteDef } from "@em/contracts";
import type { RouteAudit } from "../audit/audit-recorder.js";
import type { AuthService } from "../auth-service.js";
import type { SessionUser } from "../session-store.js";
import { assertJsonBody, assertNotCrossSite } from "./request-guards.js";
import { requestSession } from "./request-session.js";

type Parsed<D, K extends "params" | "query" | "body"> = D extends {
  readonly [P in K]: infer S extends z.ZodType;
}
  ? z.output<S>
  : undefined;

/** What a handler gets: parsed input and, except on public routes, the caller's session. */
export interface RouteContext<D extends RouteDef> {
  params: Parsed<D, "params">;
  query: Parsed<D, "query">;
  body: Parsed<D, "body">;
  session: D["access"] extends "public" ? SessionUser | undefined : SessionUser;
  req: Request;
  res: Response;
}

type RouteResult<D extends RouteDef> = D extends { readonly response: infer R extends z.ZodType }
  ? z.input<R>
  : D extends { readonly successStatus: 204 }
    ? void
    : unknown;

export type RouteHandler<D extends RouteDef> = (
  context: RouteContext<D>,
) => RouteResult<D> | Promise<RouteResult<D>>;

function parse(schema: z.ZodType | undefined, value: unknown, what: string): unknown {
  if (!schema) return undefined;
  // No body at all is fine where every field is optional (purge everything: `{}`).
  if (what === "body" && value === undefined && !schema.safeParse({}).success) {
    throw new ApiError(
      "VALIDATION",
      "Invalid body: send a JSON object with Content-Type: application/json",
    );
  }
  const result = schema.safeParse(what === "body" && value === undefined ? {} : value);
  if (!result.success) throw validationError(what, result.error);
  return result.data;
}

/**
 * Mounts one route of API_ROUTES: checks the session and role first (so nobody learns anything
 * from validation errors without access), then that a change is not cross-site (CSRF) and comes
 * as JSON, parses params, query and body with the route's
 * schemas, and answers with its success status.
 */
export function mountRoute<D extends RouteDef>(
  router: Router,
  auth: AuthService,
  def: D,
  handler: RouteHandler<D>,
  audit?: RouteAudit,
): void {
  const serve = async (req: Request, res: Response): Promise<void> => {
    const session = requestSession(auth, req);
    if (def.access !== "public") {
      if (!session)
        throw new ApiError(
          "UNAUTHENTICATED",
          "Log in first: no valid session (it may have expired)",
        );
      if (def.access !== "session" && !roleAllows(session.role, def.access)) {
        throw new ApiError(
          "FORBIDDEN",
          `This needs the ${def.access} role; you are ${session.role}`,
        );
      }
    }
    assertNotCrossSite(req);
    assertJsonBody(req);
    const context = {
      params: parse(def.params, req.params, "path parameters"),
      query: parse(def.query, req.query, "query"),
      body: parse(def.body, req.body, "body"),
      session,
      req,
      res,
    } as RouteContext<D>;
    const result = await handler(context);
    if (res.headersSent) return;
    if (def.successStatus === 204 || result === undefined) res.status(def.successStatus).end();
    else res.status(def.successStatus).json(result);
  };
  // The audit hook (issue 7): records each call of a mutating route once it has finished.
  router[def.method](def.path, audit ? audit(serve) : serve);
}
