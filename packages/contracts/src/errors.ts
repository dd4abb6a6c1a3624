import { z } from "zod";

/**
 * The closed set of error codes every API of the project answers with.
 * The console and the CLI switch on these, never on message text.
 */
export const ErrorCodeSchema = z.enum([
  "VALIDATION",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "CSRF",
  "NOT_FOUND",
  "CONFLICT",
  "PORT_IN_USE",
  "INVALID_STATE",
  "PREFLIGHT_FAILED",
  "STORE_FULL",
  "HOST_REJECTED",
  "HOST_UNREACHABLE",
  "HOST_TIMEOUT",
  "REALM_UNREACHABLE",
  "NO_QUORUM",
  "ENGINE_UNAVAILABLE",
  "PAYLOAD_TOO_LARGE",
  "UNSUPPORTED_MEDIA_TYPE",
  "RATE_LIMITED",
  "INTERNAL",
]);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

/** HTTP status for each error code; only the HTTP layers read this table. */
export const ERROR_STATUS: Readonly<Record<ErrorCode, number>> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  // A change without the x-em-request header or a same-origin Origin: possibly cross-site.
  CSRF: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PORT_IN_USE: 409,
  INVALID_STATE: 409,
  // details.preflight holds every check, so the console can show what to fix.
  PREFLIGHT_FAILED: 409,
  // A channel or queue with honourCapacity is full: the event was refused, nothing stored.
  STORE_FULL: 409,
  // The remote host answered but refused us (wrong token, bad request): the user must fix input.
  HOST_REJECTED: 422,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INTERNAL: 500,
  HOST_UNREACHABLE: 502,
  REALM_UNREACHABLE: 502,
  NO_QUORUM: 503,
  ENGINE_UNAVAILABLE: 503,
  HOST_TIMEOUT: 504,
};

/** One problem with one field of a request, as reported in `details.issues`. */
export const FieldIssueSchema = z.object({
  path: z.string().describe("Dotted path of the offending field, empty for the whole body"),
  message: z.string(),
});
export type FieldIssue = z.infer<typeof FieldIssueSchema>;

/** The body of every error response: `{ error: { code, message, details? } }`. */
export const ApiErrorBodySchema = z.object({
  error: z.object({
    code: ErrorCodeSchema,
    message: z.string().describe("What went wrong and what to fix, for a person"),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBodySchema>;

/**
 * The one error type domain code throws. The HTTP and socket layers turn it into
 * an {@link ApiErrorBody} with the status from {@link ERROR_STATUS}.
 */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options?: { details?: Record<string, unknown>; cause?: unknown },
  ) {
    super(message, { cause: options?.cause });
    this.name = "ApiError";
    this.code = code;
    this.details = options?.details;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  toBody(): ApiErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details ? { details: this.details } : {}),
      },
    };
  }
}

/** Turns zod issues into the `details.issues` list of a VALIDATION error. */
export function validationError(what: string, error: z.ZodError): ApiError {
  const issues: FieldIssue[] = error.issues.map((issue) => ({
    path: issue.path.map(String).join("."),
    message: issue.message,
  }));
  const summary = issues
    .map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message))
    .join("; ");
  return new ApiError("VALIDATION", `Invalid ${what}: ${summary}`, { details: { issues } });
}
