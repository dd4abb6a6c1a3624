import type { CookieOptions, Request } from "express";

/** The value of cookie `name` in a `Cookie:` header, or null. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const separator = part.indexOf("=");
    if (separator === -1 || part.slice(0, separator).trim() !== name) continue;
    const value = part
      .slice(separator + 1)
      .trim()
      .replace(/^"(.*)"$/, "$1");
    try {
      return decodeURIComponent(value);
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * httpOnly so scripts cannot read it, SameSite=Strict so no other site can ride it (our CSRF
 * defence), Secure when the request came over https (plain http on loopback must still work).
 */
export function sessionCookieOptions(req: Request): CookieOptions {
  return { httpOnly: true, sameSite: "strict", path: "/", secure: req.secure };
}
