import { JetStreamApiCodes, JetStreamApiError, type JetStreamManager } from "@nats-io/jetstream";
import { PermissionViolationError } from "@nats-io/nats-core";
import { PermissionDeniedError, StoreNotFoundError } from "./errors.js";

/** The realm's "permissions violation" as a {@link PermissionDeniedError}, or undefined. */
export function asPermissionDenied(
  error: unknown,
  store: string,
  operation: PermissionDeniedError["operation"],
): PermissionDeniedError | undefined {
  // nats.js hands a refused request over as a RequestError caused by the violation.
  let violation: unknown = error;
  for (let depth = 0; depth < 4 && !(violation instanceof PermissionViolationError); depth++)
    violation = violation instanceof Error ? violation.cause : undefined;
  if (!(violation instanceof PermissionViolationError)) return undefined;
  const what = operation === "publish" ? "publish to" : "read";
  return new PermissionDeniedError(
    `this session's application credential may not ${what} '${store}'`,
    store,
    operation,
    { cause: error },
  );
}

/**
 * Throws {@link StoreNotFoundError} when the cluster says the store's stream does not exist.
 * Any other outcome (an election, a timeout) is not an answer and is ignored: callers retry.
 */
export async function assertChannelExists(
  jsm: JetStreamManager,
  stream: string,
  store: string,
): Promise<void> {
  try {
    await jsm.streams.info(stream);
  } catch (error) {
    const denied = asPermissionDenied(error, store, "read");
    if (denied) throw denied;
    if (error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound)
      throw new StoreNotFoundError(`no channel or queue '${store}' in this cluster`, store, {
        cause: error,
      });
  }
}

/**
 * The engine's "no such stream" as a {@link StoreNotFoundError} (a refused read as a
 * {@link PermissionDeniedError}), anything else as it was.
 */
export function asStoreNotFound(error: unknown, store: string): unknown {
  const denied = asPermissionDenied(error, store, "read");
  if (denied) return denied;
  if (error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound)
    return new StoreNotFoundError(`no channel or queue '${store}' in this cluster`, store, {
      cause: error,
    });
  return error;
}
