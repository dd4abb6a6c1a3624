import type { Request } from "express";
import { ApiError, CSRF_HEADER } from "@em/contracts";

const SAFE_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The second CSRF layer behind the SameSite=Strict cookie: a change must carry
 * {@link CSRF_HEADER} (which a cross-site form cannot send, and a cross-site `fetch` only after a
 * CORS preflight the admin API never grants) or an `Origin` naming this very host.
 */
export function assertNotCrossSite(req: Request): void {
  if (SAFE_METHODS.has(req.method)) return;
  if (req.headers[CSRF_HEADER] !== undefined) return;
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== "null") {
    try {
      if (new URL(origin).host === req.headers.host) return;
    } catch {
      // An unparsable Origin is refused below.
    }
  }
  throw new ApiError(
    "CSRF",
    `Refused a ${req.method} that may come from another site: send the header "${CSRF_HEADER}: 1" (or an Origin of this host)`,
  );
}

/**
 * A change with a body must send it as JSON: anything else (a form post, text/plain) is a 415
 * naming what to send, rather than a body silently read as empty.
 */
export function assertJsonBody(req: Request): void {
  if (SAFE_METHODS.has(req.method)) return;
  const length = req.headers["content-length"];
  const hasBody =
    req.headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0");
  if (!hasBody || req.is("application/json")) return;
  throw new ApiError(
    "UNSUPPORTED_MEDIA_TYPE",
    `Unsupported Content-Type ${JSON.stringify(req.headers["content-type"] ?? "(none)")}: send the body as JSON with Content-Type: application/json`,
  );
}
