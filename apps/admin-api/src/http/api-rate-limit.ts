import type { RequestHandler } from "express";
import { ipKeyGenerator, rateLimit, type RateLimitInfo } from "express-rate-limit";
import { ApiError } from "@em/contracts";
import type { AuthService } from "../auth-service.js";
import { requestSession } from "./request-session.js";

/**
 * Generous: the console's polling and a test's 100 ms `eventually` loop stay far below it; a
 * script hammering the API does not.
 * @default 1200 requests per minute per session
 */
export const API_RATE_LIMIT_PER_MINUTE = 1200;
const WINDOW_MS = 60_000;

/**
 * Limits /api requests per session, or per client address for requests without a valid one
 * (so made-up cookies share their address's budget). Over it: 429 RATE_LIMITED with Retry-After.
 * Logins have their own, much stricter throttle on failures (login-throttle.ts).
 */
export function apiRateLimit(auth: AuthService, perMinute: number): RequestHandler {
  if (perMinute <= 0) return (_req, _res, next) => next();
  return rateLimit({
    windowMs: WINDOW_MS,
    limit: perMinute,
    standardHeaders: "draft-7",
    legacyHeaders: false,
    keyGenerator: (req) => {
      const session = requestSession(auth, req);
      return session
        ? `session:${session.sessionId}`
        : `address:${ipKeyGenerator(req.ip ?? "unknown")}`;
    },
    handler: (req, _res, next) => {
      // express-rate-limit sets req.rateLimit; its type augmentation does not reach us.
      const info = (req as { rateLimit?: RateLimitInfo }).rateLimit;
      const resetAt = info?.resetTime?.getTime() ?? Date.now() + WINDOW_MS;
      const retryAfterSeconds = Math.max(1, Math.ceil((resetAt - Date.now()) / 1000));
      next(
        new ApiError(
          "RATE_LIMITED",
          `Too many requests: more than ${perMinute} a minute; try again in ${retryAfterSeconds} s`,
          { details: { retryAfterSeconds } },
        ),
      );
    },
  });
}
