import {
  ClosedConnectionError,
  ConnectionError,
  RequestError,
  TimeoutError,
} from "@nats-io/transport-node";
import { JetStreamApiError } from "@nats-io/jetstream";
import { ApiError } from "@em/contracts";
import { RealmConnectError } from "./realm-connections.js";

/** JetStream API error codes this module turns into UM answers (nats-server errors.json). */
export const ENGINE_CODES = {
  clusterNotAvailable: 10008,
  peersUnavailable: 10005,
  clusterNoLeader: 10009,
  streamNotFound: 10059,
  streamNameInUse: 10058,
  subjectOverlap: 10065,
  maxMessagesExceeded: 10077,
  insufficientResources: 10023,
} as const;

/** The engine code of a JetStream API error, or undefined for anything else. */
export function engineCode(error: unknown): number | undefined {
  return error instanceof JetStreamApiError ? error.code : undefined;
}

/** Where a call went, so an error can say so. */
export interface EngineErrorContext {
  /** "cluster demo" or "realm realm1". */
  where: string;
  /** True when the answer needs a cluster's quorum (a clustered realm or a cluster). */
  clustered: boolean;
}

/**
 * Turns what the engine or the connection threw into an ApiError: quorum and reachability
 * problems into their own codes, engine refusals into a 409 with the engine's reason. Anything
 * unrecognised is returned unchanged for the catch-all handler.
 */
export function toApiError(error: unknown, context: EngineErrorContext): unknown {
  if (error instanceof ApiError) return error;
  if (error instanceof RealmConnectError) {
    return new ApiError("REALM_UNREACHABLE", `${context.where}: ${error.message}`, {
      cause: error,
    });
  }
  const unavailable = context.clustered
    ? new ApiError(
        "NO_QUORUM",
        `${context.where} cannot answer: it has no master or no leader for this store (too few members up, or an election under way after a restart); try again in a few seconds`,
        { cause: error },
      )
    : new ApiError(
        "ENGINE_UNAVAILABLE",
        `${context.where} did not answer its store API in time; check that the realm is running`,
        { cause: error },
      );
  if (noAnswer(error)) return unavailable;
  if (error instanceof ClosedConnectionError || error instanceof ConnectionError)
    return new ApiError("REALM_UNREACHABLE", `${context.where}: the connection to it closed`, {
      cause: error,
    });
  const code = engineCode(error);
  if (code === undefined) return error;
  if (
    code === ENGINE_CODES.clusterNotAvailable ||
    code === ENGINE_CODES.clusterNoLeader ||
    (error instanceof JetStreamApiError && error.status === 503)
  )
    return unavailable;
  const reason = (error as Error).message;
  // Deleted by someone else between our look-up and the change.
  if (code === ENGINE_CODES.streamNotFound)
    return new ApiError("NOT_FOUND", `${context.where}: the store no longer exists`, {
      cause: error,
    });
  if (code === ENGINE_CODES.peersUnavailable || code === ENGINE_CODES.insufficientResources)
    return new ApiError(
      "INVALID_STATE",
      `${context.where} cannot place the store: ${reason} (are enough members up?)`,
      { cause: error },
    );
  return new ApiError("INVALID_STATE", `${context.where} refused: ${reason}`, { cause: error });
}

/** A timeout or "no responders" anywhere in the cause chain: JetStream did not answer. */
function noAnswer(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof TimeoutError) return true;
    if (e instanceof RequestError && e.isNoResponders()) return true;
    // The client's "jetstream is not enabled" class is not exported: know it by name.
    if (e.name === "JetStreamNotEnabled") return true;
  }
  return false;
}
