import { spawn, type ChildProcess } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { tsxLoader } from "./paths.js";

/** A running app process (realmd, admin-api) started from its TypeScript entry point. */
export interface AppProcess extends AsyncDisposable {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Everything the process printed so far, stdout and stderr interleaved. */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL and wait for the exit. */
  kill(): Promise<void>;
}

export interface StartAppOptions {
  entry: string;
  env: Record<string, string>;
  /** Resolves true once the app is ready; polled until `readyTimeoutMs`. */
  ready: () => Promise<boolean>;
  readyTimeoutMs?: number;
  label: string;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

/**
 * Spawns `node --import tsx <entry>` and waits until `ready()` says so, racing the process's
 * early exit so a crash at start-up fails fast with its output instead of a timeout.
 */
export async function startApp(options: StartAppOptions): Promise<AppProcess> {
  const child = spawn(process.execPath, ["--import", tsxLoader, options.entry], {
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${options.label}: spawn failed`);

  const app: AppProcess = {
    child,
    pid,
    output: () => output,
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const done = await Promise.race([exited(child).then(() => true), sleep(graceMs, false)]);
      if (!done) {
        child.kill("SIGKILL");
        await exited(child);
      }
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGKILL");
      await exited(child);
    },
    async [Symbol.asyncDispose]() {
      await app.stop();
    },
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `${options.label} exited during start-up (${child.exitCode ?? child.signalCode}):\n${output}`,
      );
    }
    if (await options.ready().catch(() => false)) return app;
    await sleep(100);
  }
  await app.kill();
  throw new Error(`${options.label} was not ready in time:\n${output}`);
}
