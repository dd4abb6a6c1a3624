import type { ErrorRequestHandler, RequestHandler } from "express";
import { ApiError } from "@em/contracts";
import type { Logger } from "../logger.js";

/** Errors from Express's own layers (body parser, router, static files) carry an HTTP status. */
interface HttpLayerError {
  status?: unknown;
  statusCode?: unknown;
  type?: unknown;
  expose?: unknown;
  message?: unknown;
}

function fromHttpLayer(error: HttpLayerError): ApiError | undefined {
  const status = typeof error.status === "number" ? error.status : error.statusCode;
  if (typeof status !== "number" || status < 400 || status > 499) return undefined;
  if (error.type === "entity.too.large" || status === 413) {
    return new ApiError("PAYLOAD_TOO_LARGE", "Request body too large: the limit is 3 MB");
  }
  if (error.type === "entity.parse.failed") {
    return new ApiError("VALIDATION", `Malformed JSON body: ${String(error.message)}`);
  }
  if (status === 404) return new ApiError("NOT_FOUND", "Not found");
  const message =
    error.expose === true && typeof error.message === "string" ? error.message : "Bad request";
  return new ApiError("VALIDATION", message);
}

/** The ApiError an error is answered with; undefined for the unexpected (answered 500). */
export function answeredAs(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (typeof error === "object" && error !== null) return fromHttpLayer(error);
  return undefined;
}

/** The last handler: every error becomes an ApiErrorBody; anything unexpected is logged and hidden. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    let apiError = answeredAs(error);
    if (!apiError) {
      logger.error({ err: error, method: req.method, path: req.path }, "unhandled error");
      apiError = new ApiError("INTERNAL", "Internal error: the admin API's log has the details");
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const retryAfter = apiError.details?.["retryAfterSeconds"];
    if (typeof retryAfter === "number") res.setHeader("retry-after", String(retryAfter));
    res.status(apiError.status).json(apiError.toBody());
  };
}

/** `/api/*` that matched no route: JSON 404, never the SPA. */
export const apiNotFound: RequestHandler = (req) => {
  throw new ApiError("NOT_FOUND", `No API route ${req.method} ${req.originalUrl.split("?")[0]}`);
};

/** Anything else nobody served (no SPA configured, or a non-HTML request for a missing file). */
export const notFound: RequestHandler = (req) => {
  throw new ApiError("NOT_FOUND", `Nothing at ${req.method} ${req.path}`);
};
