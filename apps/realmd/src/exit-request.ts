import type { RealmExit } from "@em/contracts";
import type { ProcessExit } from "./realm-process.js";

/** Why the current process is expected to exit, set just before we signal it. */
export interface ExitRequest {
  expected: boolean;
  then: "stopped" | "crashed";
  /** The signal we know ended it, for an adopted process whose exit status we cannot see. */
  signal?: NodeJS.Signals;
}

/** What to record of a process that just exited; without a request, nobody expected it. */
export function recordedExit(
  exit: ProcessExit,
  adopted: boolean,
  request: ExitRequest | null,
): RealmExit {
  return {
    code: exit.code,
    signal: exit.signal ?? (adopted ? (request?.signal ?? null) : null),
    at: new Date().toISOString(),
    expected: request?.expected ?? false,
  };
}
