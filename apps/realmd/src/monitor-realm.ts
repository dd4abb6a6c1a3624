import type { RealmMonitor } from "@em/contracts";
import type { RealmEntry } from "./realm-entry.js";
import { sampleRealm } from "./sample-realm.js";

/** A sample of the realm's counters, bounded by `timeoutMs` whatever state the realm is in. */
export async function monitorRealm(entry: RealmEntry, timeoutMs: number): Promise<RealmMonitor> {
  const { supervisor } = entry;
  if (supervisor.pid === null) {
    return {
      process: supervisor.view(),
      sample: null,
      problem: {
        kind: "not-running",
        message: `realm ${entry.definition.name} is ${supervisor.state}`,
      },
    };
  }
  const result = await sampleRealm(entry.definition.ports.monitor, timeoutMs);
  return { process: supervisor.view(), ...result };
}
