import express, { type Express } from "express";
import type { Logger } from "../logger.js";
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

export interface HttpAppOptions extends ApiDependencies {
  logger: Logger;
  webDist: string | undefined;
}

/** The Express app: the JSON API under /api, the SPA (if built) everywhere else. */
export function createHttpApp(options: HttpAppOptions): Express {
  const app = express();
  app.disable("x-powered-by");
  app.use(requestLogger(options.logger));
  app.use((_req, res, next) => {
    res.setHeader("x-content-type-options", "nosniff");
    res.setHeader("x-frame-options", "DENY");
    res.setHeader("referrer-policy", "same-origin");
    next();
  });
  app.use(
    "/api",
    (_req, res, next) => {
      res.setHeader("cache-control", "no-store");
      next();
    },
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
