import { spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { rename } from "node:fs/promises";
import { isProcessAlive } from "./process-info.js";

/** How a realm's OS process ended; both null when it was not our child (adopted). */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface SpawnRealmOptions {
  bin: string;
  configPath: string;
  /** stdout and stderr go here; the previous run's log is kept as `<logPath>.1`. */
  logPath: string;
  cwd: string;
}

/** @default 500 */
export const ADOPTED_POLL_INTERVAL_MS = 500;

/**
 * One nats-server process of a realm: spawned by this realmd, or adopted from an earlier one.
 * `exited` settles exactly once, when the process is gone, and never rejects.
 */
export class RealmProcess {
  private constructor(
    readonly pid: number,
    readonly adopted: boolean,
    readonly exited: Promise<ProcessExit>,
    private readonly stopWatching: () => void,
  ) {}

  /**
   * Spawns nats-server detached in its own process group, so neither a realmd crash nor a
   * Ctrl-C meant for realmd reaches it. Its output goes to a file rather than a pipe: a Go
   * program writing to a pipe whose reader died gets SIGPIPE, which would take the realm down
   * with realmd.
   */
  static async spawn(options: SpawnRealmOptions): Promise<RealmProcess> {
    await rename(options.logPath, `${options.logPath}.1`).catch(() => undefined);
    const logFd = openSync(options.logPath, "a", 0o600);
    try {
      const child = spawn(options.bin, ["-c", options.configPath], {
        cwd: options.cwd,
        detached: true,
        stdio: ["ignore", logFd, logFd],
      });
      // Only spawn failures are expected here, but an 'error' without a listener would throw.
      child.on("error", () => undefined);
      const exited = new Promise<ProcessExit>((resolve) => {
        child.once("exit", (code, signal) => resolve({ code, signal }));
      });
      await new Promise<void>((resolve, reject) => {
        child.once("spawn", resolve);
        child.once("error", reject);
      });
      if (child.pid === undefined) throw new Error("nats-server spawned without a pid");
      return new RealmProcess(child.pid, false, exited, () => undefined);
    } finally {
      // The child holds its own copy of the descriptor.
      closeSync(logFd);
    }
  }

  /** Watches a process that is not our child by polling, as no exit event will come for it. */
  static adopt(pid: number, pollIntervalMs = ADOPTED_POLL_INTERVAL_MS): RealmProcess {
    let timer: NodeJS.Timeout | undefined;
    const exited = new Promise<ProcessExit>((resolve) => {
      let checking = false;
      timer = setInterval(() => {
        if (checking) return;
        checking = true;
        void isProcessAlive(pid).then((alive) => {
          checking = false;
          if (alive) return;
          clearInterval(timer);
          resolve({ code: null, signal: null });
        });
      }, pollIntervalMs);
      // Polling alone must not keep realmd alive once it wants to exit.
      timer.unref();
    });
    return new RealmProcess(pid, true, exited, () => clearInterval(timer));
  }

  /** Sends a signal; false when the process is already gone. */
  signal(signal: NodeJS.Signals): boolean {
    try {
      process.kill(this.pid, signal);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ESRCH") return false;
      throw error;
    }
  }

  /** Stops watching an adopted process (realmd is exiting and leaves it running). */
  release(): void {
    this.stopWatching();
  }
}
