// Where the project finds nats-server: NATS_SERVER_BIN, else the copy setup.mjs unpacked into
// .tools/, else the PATH. Shared by the setup script and (via NATS_SERVER_BIN) the apps.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

export const NATS_SERVER_DEB_VERSION = "2.10.27-1+b2";
export const MIN_NATS_SERVER = [2, 10, 0];
export const toolsDir = resolve(import.meta.dirname, "..", ".tools");
export const bundledNatsServer = join(toolsDir, "nats-server", "usr", "sbin", "nats-server");

function versionOf(path) {
  try {
    const out = execFileSync(path, ["--version"], { encoding: "utf8", timeout: 5000 });
    const match = /v?(\d+)\.(\d+)\.(\d+)/.exec(out);
    return match ? match.slice(1, 4).map(Number) : null;
  } catch {
    return null;
  }
}

function atLeast(version, minimum) {
  for (let i = 0; i < minimum.length; i++) {
    if (version[i] !== minimum[i]) return version[i] > minimum[i];
  }
  return true;
}

/** @returns {{ ok: true, path: string, version: string } | { ok: false, message: string }} */
export function findNatsServer() {
  const override = process.env.NATS_SERVER_BIN;
  const candidates = override ? [override] : [bundledNatsServer, "nats-server"];
  for (const candidate of candidates) {
    if (candidate.includes("/") && !existsSync(candidate)) continue;
    const version = versionOf(candidate);
    if (!version) continue;
    if (!atLeast(version, MIN_NATS_SERVER)) {
      return {
        ok: false,
        message: `nats-server at ${candidate} is ${version.join(".")}; 2.10 or newer is needed (install nats-server 2.10+ or set NATS_SERVER_BIN).`,
      };
    }
    return { ok: true, path: candidate, version: version.join(".") };
  }
  return {
    ok: false,
    message: override
      ? `NATS_SERVER_BIN=${override} is not a runnable nats-server: point it at a nats-server 2.10+ binary.`
      : "nats-server was not found: run `npm run setup`, or install nats-server 2.10+ and set NATS_SERVER_BIN.",
  };
}
