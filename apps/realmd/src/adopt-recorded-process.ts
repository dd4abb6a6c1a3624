import { basename } from "node:path";
import { readProcessInfo } from "./process-info.js";
import type { RealmEntry } from "./realm-entry.js";

/**
 * Hands the realm's supervisor the nats-server an earlier realmd recorded for it, if `pid` is
 * still that process; false when it is gone or is something else now.
 */
export async function adoptRecordedProcess(
  entry: Pick<RealmEntry, "paths" | "supervisor">,
  pid: number,
  startedAt: string | null,
): Promise<boolean> {
  const info = await readProcessInfo(pid);
  if (!info) return false;
  const [bin = "", ...args] = info.argv;
  // The pid may have been reused by an unrelated process: adopt only our own command line.
  const ours =
    basename(bin).includes("nats-server") &&
    args.some((arg, i) => arg === "-c" && args[i + 1] === entry.paths.configPath);
  if (!ours) return false;
  entry.supervisor.adopt(pid, startedAt ?? new Date().toISOString(), info.state === "T");
  return true;
}
