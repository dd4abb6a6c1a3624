import { JetStreamApiCodes, JetStreamApiError, type JetStreamManager } from "@nats-io/jetstream";
import { StoreNotFoundError } from "./errors.js";

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
    if (error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound)
      throw new StoreNotFoundError(`no channel or queue '${store}' in this cluster`, store, {
        cause: error,
      });
  }
}

/** The engine's "no such stream" as a {@link StoreNotFoundError}, anything else as it was. */
export function asStoreNotFound(error: unknown, store: string): unknown {
  if (error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound)
    return new StoreNotFoundError(`no channel or queue '${store}' in this cluster`, store, {
      cause: error,
    });
  return error;
}
