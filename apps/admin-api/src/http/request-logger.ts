import type { RequestHandler } from "express";
import type { Logger } from "../logger.js";

/** One line per request, without headers (cookies and tokens stay out of the log). */
export function requestLogger(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const startedAt = process.hrtime.bigint();
    res.on("finish", () => {
      const durationMs = Number(process.hrtime.bigint() - startedAt) / 1e6;
      const entry = { method: req.method, path: req.path, status: res.statusCode, durationMs };
      if (res.statusCode >= 500) logger.warn(entry, "request failed");
      else logger.debug(entry, "request");
    });
    next();
  };
}
