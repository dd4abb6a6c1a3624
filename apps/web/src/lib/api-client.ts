import { ApiErrorBodySchema, CSRF_HEADER, type ErrorCode } from "@em/contracts";

/**
 * A failed admin API call: the error code and message from the body, or a synthetic
 * code when the server could not be reached or answered something that is not JSON.
 */
export class ApiRequestError extends Error {
  readonly code: ErrorCode | "NETWORK";
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: ErrorCode | "NETWORK",
    message: string,
    status: number,
    options?: { details?: Record<string, unknown> | undefined; cause?: unknown },
  ) {
    super(message, { cause: options?.cause });
    this.name = "ApiRequestError";
    this.code = code;
    this.status = status;
    this.details = options?.details;
  }
}

/** Statuses worth retrying: the gateway-style failures a moment can fix. */
const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);

/** True for failures a retry may fix: unreachable server, 502/503/504, rate limiting. */
export function isTransientError(error: unknown): boolean {
  if (!(error instanceof ApiRequestError)) return false;
  return (
    error.code === "NETWORK" ||
    error.code === "RATE_LIMITED" ||
    TRANSIENT_STATUSES.has(error.status)
  );
}

/** True when the session is missing or expired: the console goes back to the login page. */
export function isUnauthenticated(error: unknown): boolean {
  return error instanceof ApiRequestError && error.status === 401;
}

/** `CODE: message`, the form the console shows every API error in. */
export function describeError(error: unknown): { code: string; message: string } {
  if (error instanceof ApiRequestError) return { code: error.code, message: error.message };
  if (error instanceof Error) return { code: "ERROR", message: error.message };
  return { code: "ERROR", message: String(error) };
}

/** What {@link apiRequest} needs of a response schema: a zod schema from `@em/contracts`. */
export interface ResponseParser<T> {
  safeParse(
    data: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: readonly { message: string }[] } };
}

export interface ApiRequestOptions<T> {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  body?: unknown;
  /** Parses the success body; omit for 204 answers. */
  schema?: ResponseParser<T>;
  signal?: AbortSignal | undefined;
}

async function errorFromResponse(response: Response): Promise<ApiRequestError> {
  const text = await response.text().catch(() => "");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = ApiErrorBodySchema.safeParse(json);
  if (parsed.success) {
    const { code, message, details } = parsed.data.error;
    return new ApiRequestError(code, message, response.status, { details });
  }
  const code: ErrorCode = response.status === 401 ? "UNAUTHENTICATED" : "INTERNAL";
  return new ApiRequestError(
    code,
    `The admin API answered ${response.status} ${response.statusText} without an error body`,
    response.status,
  );
}

/**
 * Calls the admin API on this origin with the session cookie, sends and expects JSON, and
 * throws {@link ApiRequestError} for every failure.
 */
export async function apiRequest<T = undefined>(
  path: string,
  options: ApiRequestOptions<T> = {},
): Promise<T> {
  const { method = "GET", body, schema, signal } = options;
  // The admin API refuses a change without the CSRF header; sent on every call to keep it simple.
  const headers: Record<string, string> = { accept: "application/json", [CSRF_HEADER]: "1" };
  if (body !== undefined) headers["content-type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: "same-origin",
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(signal ? { signal } : {}),
    });
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw new ApiRequestError(
      "NETWORK",
      "The admin API cannot be reached; check that it is running",
      0,
      {
        cause,
      },
    );
  }
  if (!response.ok) throw await errorFromResponse(response);
  if (!schema) return undefined as T;
  const json: unknown = await response.json();
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new ApiRequestError(
      "INTERNAL",
      `The admin API answered ${path} with an unexpected shape: ${parsed.error.issues[0]?.message ?? "invalid"}`,
      response.status,
      { cause: parsed.error },
    );
  }
  return parsed.data;
}
