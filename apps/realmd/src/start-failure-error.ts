import { ApiError, type RealmExit } from "@em/contracts";
import { INTERFACE_LABELS, assignedPorts, type RealmPorts } from "./assert-ports-free.js";

export interface StartFailure {
  realmName: string;
  ports: RealmPorts;
  outcome: "exited" | "timeout";
  /** The last lines the realm wrote to its log. */
  outputTail: string;
  exit: RealmExit | null;
  readinessTimeoutMs: number;
}

/** Turns a failed start into an error that says what to fix, with the realm's own last words. */
export function startFailureError(failure: StartFailure): ApiError {
  const { realmName, ports, outputTail: tail } = failure;
  const details = { outputTail: tail };
  const inUse = /listen tcp \S*?:(\d+): bind: address already in use/.exec(tail);
  if (inUse) {
    const port = Number(inUse[1]);
    const name = assignedPorts(ports).find(([, assigned]) => assigned === port)?.[0];
    const label = name ? ` (${INTERFACE_LABELS[name]})` : "";
    return new ApiError(
      "PORT_IN_USE",
      `Realm ${realmName} could not listen on port ${port}${label}: it is already in use`,
      { details: { ...details, port, interface: name ?? null } },
    );
  }
  if (failure.outcome === "timeout") {
    const seconds = failure.readinessTimeoutMs / 1000;
    return new ApiError(
      "REALM_UNREACHABLE",
      `Realm ${realmName} did not become healthy within ${seconds} s and was killed`,
      { details },
    );
  }
  const lastLine =
    tail
      .split("\n")
      .filter((line) => line.trim() !== "")
      .at(-1) ?? "no output";
  return new ApiError(
    "ENGINE_UNAVAILABLE",
    `Realm ${realmName} exited during start-up (${describeExit(failure.exit)}): ${lastLine}`,
    { details },
  );
}

/** nats-server could not even be spawned: the binary is missing, not executable, or similar. */
export function spawnFailureError(enginePath: string, cause: unknown): ApiError {
  return new ApiError(
    "ENGINE_UNAVAILABLE",
    `Could not run ${enginePath}: ${(cause as Error).message}; run \`npm run setup\` or set NATS_SERVER_BIN`,
    { cause },
  );
}

function describeExit(exit: RealmExit | null): string {
  if (!exit) return "unknown status";
  if (exit.signal) return `signal ${exit.signal}`;
  return exit.code === null ? "unknown status" : `code ${exit.code}`;
}
