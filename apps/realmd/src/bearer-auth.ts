import { createHash, timingSafeEqual } from "node:crypto";
import { ApiError } from "@em/contracts";
import type { RequestHandler } from "express";

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

/**
 * Requires `Authorization: Bearer <token>`. Both sides are hashed first so the comparison is
 * constant-time whatever the length of what was sent.
 */
export function bearerAuth(token: string): RequestHandler {
  const expected = digest(token);
  return (req, res, next) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get("authorization") ?? "");
    if (match?.[1] !== undefined && timingSafeEqual(digest(match[1]), expected)) {
      next();
      return;
    }
    res.set("WWW-Authenticate", 'Bearer realm="realmd"');
    next(
      new ApiError(
        "UNAUTHENTICATED",
        match
          ? "The bearer token is wrong"
          : "Send the realmd token as `Authorization: Bearer <token>`",
      ),
    );
  };
}
