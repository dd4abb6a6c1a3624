import { ApiError } from "@em/contracts";
import type { HostService } from "./host-service.js";
import type { Logger } from "./logger.js";

/** @default 500 — first retry soon: at `npm start` realmd is usually a moment from ready. */
const FIRST_RETRY_MS = 500;
/** @default 5000 */
const MAX_RETRY_MS = 5_000;

/**
 * Registers the configured realmd (what `npm start` does for the local host) unless a host with
 * its URL exists, retrying in the background until it answers.
 * @returns a function that stops retrying.
 */
export function registerHostInBackground(
  hosts: HostService,
  target: { url: string; token: string },
  logger: Logger,
): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let delayMs = FIRST_RETRY_MS;
  let warned = false;

  const attempt = async (): Promise<void> => {
    if (stopped) return;
    try {
      if (hosts.isRegistered(target.url)) return;
      const host = await hosts.register({ url: target.url, token: target.token });
      logger.info({ url: host.url, name: host.name }, "registered the configured host");
      return;
    } catch (error) {
      if (stopped) return;
      if (error instanceof ApiError && error.code === "CONFLICT") return;
      if (
        error instanceof ApiError &&
        (error.code === "HOST_REJECTED" || error.code === "VALIDATION")
      ) {
        // A wrong token or a URL that is not realmd does not fix itself: say so once and stop.
        logger.error(
          { url: target.url, problem: error.message },
          "cannot register the configured host",
        );
        return;
      }
      if (!warned) {
        logger.warn(
          { url: target.url, problem: error instanceof Error ? error.message : String(error) },
          "configured host not answering yet; retrying in the background",
        );
        warned = true;
      }
    }
    timer = setTimeout(() => void attempt(), delayMs);
    delayMs = Math.min(delayMs * 2, MAX_RETRY_MS);
  };

  void attempt();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
