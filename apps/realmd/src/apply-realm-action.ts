import { ApiError, type RealmAction } from "@em/contracts";
import type { RealmEntry } from "./realm-entry.js";

/**
 * The rules of what may be done to a realm in which state. Resolves once the action has taken
 * effect, with the desired state (what the next realmd restores) updated; the caller holds the
 * realm's mutex and persists the definition.
 */
export async function applyRealmAction(
  entry: Pick<RealmEntry, "definition" | "supervisor">,
  action: RealmAction,
): Promise<void> {
  const { supervisor, definition } = entry;
  const { name } = definition;
  const state = supervisor.state;
  switch (action) {
    case "start":
      if (state === "paused") throw invalidState(name, state, action, "resume it instead");
      definition.desiredState = "running";
      if (state !== "running") await supervisor.start();
      break;
    case "stop":
      definition.desiredState = "stopped";
      if (state === "crashed") supervisor.markStopped();
      else await supervisor.stop();
      break;
    case "kill":
      if (state === "stopped" || state === "crashed") {
        throw invalidState(name, state, action, "there is no process to kill");
      }
      definition.desiredState = "stopped";
      await supervisor.kill();
      break;
    case "pause":
      if (state !== "running")
        throw invalidState(name, state, action, "only a running realm can be paused");
      await supervisor.pause();
      break;
    case "resume":
      if (state !== "paused")
        throw invalidState(name, state, action, "only a paused realm can be resumed");
      definition.desiredState = "running";
      await supervisor.resume();
      break;
    case "restart":
      definition.desiredState = "running";
      await supervisor.stop();
      await supervisor.start();
      break;
  }
}

function invalidState(name: string, state: string, action: RealmAction, hint: string): ApiError {
  return new ApiError("INVALID_STATE", `Cannot ${action} realm ${name}: it is ${state}; ${hint}`, {
    details: { state, action },
  });
}
