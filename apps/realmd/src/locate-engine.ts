import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

/** A nats-server binary realmd can run realms with. */
export interface Engine {
  path: string;
  version: string;
}

export type EngineLookup = { ok: true; engine: Engine } | { ok: false; message: string };

/** DESIGN.md: realms need nats-server 2.10 or newer (clustered JetStream features we rely on). */
export const MIN_ENGINE_VERSION: readonly [number, number] = [2, 10];

const INSTALL_HINT = "run `npm run setup` or set NATS_SERVER_BIN to a nats-server 2.10+ binary";

async function versionOf(path: string): Promise<[number, number, number] | null> {
  try {
    const { stdout } = await execFileAsync(path, ["--version"], {
      timeout: 5_000,
      encoding: "utf8",
    });
    const match = /v?(\d+)\.(\d+)\.(\d+)/.exec(stdout);
    if (!match) return null;
    return [Number(match[1]), Number(match[2]), Number(match[3])];
  } catch {
    return null;
  }
}

/**
 * Finds the first candidate that runs and is new enough. Candidates with a slash are paths;
 * a bare name is looked up on the PATH.
 */
export async function locateEngine(candidates: readonly string[]): Promise<EngineLookup> {
  for (const candidate of candidates) {
    if (candidate.includes("/") && !existsSync(candidate)) continue;
    const version = await versionOf(candidate);
    if (!version) continue;
    const [major, minor] = version;
    const [minMajor, minMinor] = MIN_ENGINE_VERSION;
    if (major < minMajor || (major === minMajor && minor < minMinor)) {
      return {
        ok: false,
        message: `nats-server at ${candidate} is ${version.join(".")}, but ${minMajor}.${minMinor} or newer is needed: ${INSTALL_HINT}`,
      };
    }
    return { ok: true, engine: { path: candidate, version: version.join(".") } };
  }
  return {
    ok: false,
    message: `No runnable nats-server found (tried ${candidates.join(", ")}): ${INSTALL_HINT}`,
  };
}
