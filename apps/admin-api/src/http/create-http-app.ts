import express, { type Express } from "express";
import helmet from "helmet";
import type { Logger } from "../logger.js";
import { apiRateLimit, API_RATE_LIMIT_PER_MINUTE } from "./api-rate-limit.js";
import { createApiRouter, type ApiDependencies } from "./api-router.js";
import { apiNotFound, errorHandler, notFound } from "./error-handler.js";
import { requestLogger } from "./request-logger.js";
import { serveWeb } from "./serve-web.js";

/**
 * Room for a test event of the largest size the engine takes (1 MiB of data, JSON-escaped,
 * plus its properties); anything larger is refused with 413 before it is parsed.
 * @default "3mb"
 */
export const BODY_LIMIT = "3mb";

/**
 * The console's Content-Security-Policy: its own scripts, styles and sockets, nothing inline,
 * no plugins, no framing. React's and recharts' `style` *properties* are set through the CSSOM,
 * which `style-src 'self'` allows; a `style` attribute in HTML or an inline `<script>` is
 * refused (Vite's built index.html has neither). `'self'` covers the same-origin socket.io
 * WebSocket (CSP Level 3: ws: of the page's own host and port).
 */
export const CONTENT_SECURITY_POLICY = {
  "default-src": ["'self'"],
  "script-src": ["'self'"],
  "style-src": ["'self'"],
  "img-src": ["'self'"],
  "font-src": ["'self'"],
  "connect-src": ["'self'"],
  "object-src": ["'none'"],
  "base-uri": ["'none'"],
  "form-action": ["'self'"],
  "frame-ancestors": ["'none'"],
};

/** @default 15552000 (180 days), sent only over https */
const HSTS_MAX_AGE_SECONDS = 180 * 24 * 3600;

export interface HttpAppOptions extends ApiDependencies {
  logger: Logger;
  webDist: string | undefined;
  /** Requests per minute per session (or client address without one); 0 turns the limit off. */
  rateLimitPerMinute?: number | undefined;
}

/** The Express app: the JSON API under /api, the SPA (if built) everywhere else. */
export function createHttpApp(options: HttpAppOptions): Express {
  const app = express();
  app.disable("x-powered-by");
  app.use(requestLogger(options.logger));
  app.use(
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
      frameguard: { action: "deny" },
      // Plain http on loopback is a supported set-up: HSTS there would pin the browser to https.
      strictTransportSecurity: false,
    }),
  );
  const hsts = helmet.strictTransportSecurity({ maxAge: HSTS_MAX_AGE_SECONDS });
  app.use((req, res, next) => {
    if (req.secure) hsts(req, res, next);
    else next();
  });
  app.use(
    "/api",
    (_req, res, next) => {
      res.setHeader("cache-control", "no-store");
      next();
    },
    apiRateLimit(options.auth, options.rateLimitPerMinute ?? API_RATE_LIMIT_PER_MINUTE),
    express.json({ limit: BODY_LIMIT }),
  );
  // Routes carry their full /api/... paths from API_ROUTES.
  app.use(createApiRouter(options));
  app.use("/api", apiNotFound);
  if (options.webDist) serveWeb(app, options.webDist);
  app.use(notFound);
  app.use(errorHandler(options.logger));
  return app;
}
