import { readFile } from "node:fs/promises";

/** What Linux's /proc says about a live process. */
export interface ProcessInfo {
  /** One letter: `R`, `S`, `D`, `T` (stopped by SIGSTOP), … */
  state: string;
  argv: string[];
}

/**
 * Reads /proc/<pid>; null when the process is gone. A zombie counts as gone: realms adopted
 * from an earlier realmd are not our children, and a container's init may never reap them.
 */
export async function readProcessInfo(pid: number): Promise<ProcessInfo | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    // The command name in parentheses may itself hold spaces or parentheses.
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    if (state === "Z" || state === "X" || state === "") return null;
    const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8");
    return { state, argv: cmdline.split("\0").filter((arg) => arg !== "") };
  } catch {
    return null;
  }
}

/** True while `pid` exists and is not a zombie. */
export async function isProcessAlive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  return (await readProcessInfo(pid)) !== null;
}
