import type { IncomingMessage } from "node:http";

/**
 * Whether a socket handshake may proceed: same-origin, an explicitly allowed origin (the Vite
 * dev server), or no Origin at all — browsers always send one cross-origin, so a missing Origin
 * is a same-origin request or a non-browser client, which still needs a session cookie.
 */
export function originAllowed(req: IncomingMessage, allowedOrigins: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (allowedOrigins.includes(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
