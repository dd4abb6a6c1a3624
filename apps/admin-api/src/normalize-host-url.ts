import { ApiError } from "@em/contracts";

/**
 * One spelling per realmd URL, so duplicates are caught and paths join cleanly:
 * lower-case host, default port dropped, no query, fragment or trailing slash.
 * @example normalizeHostUrl("HTTP://LocalHost:7700/") === "http://localhost:7700"
 */
export function normalizeHostUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ApiError(
      "VALIDATION",
      `Invalid host URL "${raw}": expected e.g. http://127.0.0.1:7700`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ApiError(
      "VALIDATION",
      `Invalid host URL "${raw}": only http:// and https:// are supported`,
    );
  }
  if (url.username || url.password) {
    throw new ApiError(
      "VALIDATION",
      "A host URL must not carry credentials: pass the token separately",
    );
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}
