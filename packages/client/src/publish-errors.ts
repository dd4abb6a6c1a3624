import { JetStreamApiError } from "@nats-io/jetstream";
import {
  ClosedConnectionError,
  InvalidArgumentError,
  PermissionViolationError,
  RequestError,
  TimeoutError,
} from "@nats-io/nats-core";

/** How the SDK reacts to a failed publish attempt. */
export type AttemptFailure =
  /** The realm is gone or the connection closed: retry once the session has a realm again. */
  | "connection"
  /** No answer in time (an election, a slow realm): retry at once with the same id. */
  | "timeout"
  /** Nobody answered (an election, or no such channel): retry after a short pause. */
  | "unavailable"
  /** The cluster refused the event for good. */
  | "rejected";

export function classifyAttemptFailure(error: unknown): AttemptFailure {
  if (error instanceof ClosedConnectionError) return "connection";
  // Larger than the realm's max_payload: no retry makes it fit.
  if (error instanceof InvalidArgumentError) return "rejected";
  // The session's application credential may not publish there: no retry changes that.
  if (error instanceof PermissionViolationError) return "rejected";
  if (error instanceof RequestError && error.cause instanceof PermissionViolationError)
    return "rejected";
  if (error instanceof TimeoutError) return "timeout";
  if (error instanceof RequestError && error.isNoResponders()) return "unavailable";
  // nats.js turns "no responders" of a JetStream publish into "jetstream is not enabled".
  if (error instanceof Error && error.name === "JetStreamNotEnabled") return "unavailable";
  if (error instanceof JetStreamApiError)
    // 503 is the engine's "try again" (no leader, no quorum); a 4xx is a refusal for good.
    return error.status >= 400 && error.status < 500 ? "rejected" : "unavailable";
  if (error instanceof Error && /closed|disconnect|reset/i.test(error.message)) return "connection";
  return "unavailable";
}
