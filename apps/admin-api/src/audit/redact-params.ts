import { AUDIT_REDACTED } from "@em/contracts";

/**
 * Parts of key names whose values are secrets, wherever they appear in a body or query: a key
 * is secret when its name, lower-cased without `-` and `_`, contains one of them
 * (`password`, `newPassword`, `realm_token`, `Authorization`, `clientSecret`, `nkeySeed`…).
 */
export const SECRET_KEY_PARTS: readonly string[] = [
  "password",
  "passwd",
  "passphrase",
  "secret",
  "token",
  "credential",
  "authorization",
  "cookie",
  "apikey",
  "privatekey",
  "seed",
  "jwt",
];

/**
 * Most characters of the params JSON an audit entry keeps; a larger one is cut and marked
 * `truncated`.
 * @default 4096
 */
export const AUDIT_PARAMS_MAX_CHARS = 4096;

/**
 * Longest string kept whole; a longer one keeps this many characters and its length.
 * @default 256
 */
export const AUDIT_STRING_MAX_CHARS = 256;

/** @default 8 — deeper values are replaced by `[nested]`. */
const MAX_DEPTH = 8;

/** @default 50 — more array items or object keys than this are left out, and counted. */
const MAX_ITEMS = 50;

/** Keys whose string value is a test event's data: only its length is kept (it can be 1 MiB). */
const EVENT_DATA_KEY = "data";

function isSecretKey(key: string): boolean {
  const normalized = key.toLowerCase().replace(/[-_]/g, "");
  return SECRET_KEY_PARTS.some((part) => normalized.includes(part));
}

function shortString(value: string): string {
  if (value.length <= AUDIT_STRING_MAX_CHARS) return value;
  return `${value.slice(0, AUDIT_STRING_MAX_CHARS)}… [${value.length} characters]`;
}

function redactValue(value: unknown, depth: number): unknown {
  if (typeof value === "string") return shortString(value);
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return "[nested]";
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((item) => redactValue(item, depth + 1));
    if (value.length > MAX_ITEMS) items.push(`[${value.length - MAX_ITEMS} more items]`);
    return items;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  const result: Record<string, unknown> = {};
  for (const [key, item] of entries.slice(0, MAX_ITEMS)) {
    if (isSecretKey(key)) result[key] = AUDIT_REDACTED;
    else if (key.toLowerCase() === EVENT_DATA_KEY && typeof item === "string")
      result[key] = `[${item.length} characters]`;
    else result[key] = redactValue(item, depth + 1);
  }
  if (entries.length > MAX_ITEMS) result["…"] = `[${entries.length - MAX_ITEMS} more keys]`;
  return result;
}

/**
 * What an audit entry keeps of a call's body and query: every value under a secret key name
 * (see {@link SECRET_KEY_PARTS}), at any depth, replaced by `[redacted]`; a test event's data
 * by its length; long strings, long lists and deep nesting shortened; and the whole cut to
 * {@link AUDIT_PARAMS_MAX_CHARS} as `{ truncated: true, chars, prefix }`. Null when the call
 * sent neither.
 */
export function redactParams(body: unknown, query: unknown): unknown {
  const params: Record<string, unknown> = {};
  if (body !== undefined && body !== null && !isEmptyObject(body))
    params["body"] = redactValue(body, 0);
  if (query !== undefined && query !== null && !isEmptyObject(query))
    params["query"] = redactValue(query, 0);
  if (Object.keys(params).length === 0) return null;
  const json = JSON.stringify(params);
  if (json.length <= AUDIT_PARAMS_MAX_CHARS) return params;
  // The prefix is JSON text inside JSON: escaping can lengthen it, so shrink until it fits.
  let keep = AUDIT_PARAMS_MAX_CHARS - 100;
  for (;;) {
    const cut = { truncated: true, chars: json.length, prefix: json.slice(0, keep) };
    if (JSON.stringify(cut).length <= AUDIT_PARAMS_MAX_CHARS) return cut;
    keep = Math.floor(keep / 2);
  }
}

function isEmptyObject(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length === 0
  );
}
