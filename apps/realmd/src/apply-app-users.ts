import type { RealmAppUsersApplied } from "@em/contracts";
import type { RealmEntry } from "./realm-entry.js";

type Applied = RealmAppUsersApplied["realms"][number];

/**
 * Brings one realm's config up to the host's application users (already set on the entry):
 * a running realm reloads (nats-server takes user and permission changes by reload, without
 * dropping other clients), a stopped or crashed one has them written for its next start, and a
 * paused one cannot reload: it stays pending until the admin API sends the list again.
 * `changed`: the list differs from what the realm last took. The caller holds the realm's mutex.
 */
export async function applyAppUsers(entry: RealmEntry, changed: boolean): Promise<Applied> {
  const { name } = entry.definition;
  const { supervisor } = entry;
  const answer = (applied: Applied["applied"], problem: string | null = null): Applied => ({
    name,
    applied,
    problem,
  });
  if (!changed) return answer("unchanged");
  switch (supervisor.state) {
    case "running":
      return (await supervisor.reload())
        ? answer("reloaded")
        : answer("pending", "the realm did not reload its config in time");
    case "stopped":
    case "crashed":
      await supervisor.writeConfig();
      return answer("saved");
    default:
      return answer("pending", `the realm is ${supervisor.state}; it takes them once running`);
  }
}
