#!/usr/bin/env node
// Installs whatever is missing for `npm start` / `npm test` on a fresh machine:
// npm packages (with native modules verified), a pinned nats-server, and — with
// --with-browser — Debian's chromium for the browser tests. Idempotent and quick when
// everything is already there.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { NATS_SERVER_DEB_VERSION, findNatsServer, toolsDir } from "./nats-server.mjs";

const root = resolve(import.meta.dirname, "..");
const withBrowser = process.argv.includes("--with-browser");

function log(message) {
  console.log(`[setup] ${message}`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: "inherit", cwd: root, ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} failed with exit code ${result.status}`);
  }
}

function nativeModulesLoad() {
  const require = createRequire(join(root, "apps/admin-api/package.json"));
  try {
    const Database = require("better-sqlite3");
    new Database(":memory:").close();
    return true;
  } catch {
    return false;
  }
}

function ensureNpmPackages() {
  const lockedInstall = join(root, "node_modules/.package-lock.json");
  if (existsSync(lockedInstall) && nativeModulesLoad()) return;
  log("installing npm packages (npm ci)");
  run("npm", ["ci", "--no-audit", "--no-fund"]);
  if (!nativeModulesLoad()) {
    // npm 11 skips install scripts it has not been told to allow; build the addon explicitly.
    log("building better-sqlite3's native module");
    run("npm", ["rebuild", "better-sqlite3"]);
  }
  if (!nativeModulesLoad()) throw new Error("better-sqlite3 does not load after install");
}

/** The first Debian mirror the machine's own apt sources name (never hard-coded here). */
function debianMirror() {
  const files = ["/etc/apt/sources.list"];
  if (existsSync("/etc/apt/sources.list.d")) {
    for (const name of readdirSync("/etc/apt/sources.list.d")) {
      if (name.endsWith(".list") || name.endsWith(".sources")) {
        files.push(join("/etc/apt/sources.list.d", name));
      }
    }
  }
  for (const file of files) {
    if (!existsSync(file)) continue;
    const text = readFileSync(file, "utf8");
    const candidates = [
      ...text.matchAll(/^\s*URIs:\s*(\S+)/gm),
      ...text.matchAll(/^\s*deb\s+(?:\[[^\]]*\]\s+)?(\S+)/gm),
    ].map((match) => match[1]);
    const mirror = candidates.find((uri) => /^https?:\/\//.test(uri) && !/security/.test(uri));
    if (mirror) return mirror.replace(/\/+$/, "");
  }
  return null;
}

function ensureNatsServer() {
  const found = findNatsServer();
  if (found.ok) return;
  if (process.env.NATS_SERVER_BIN) {
    throw new Error(found.message);
  }
  const mirror = debianMirror();
  if (!mirror || !existsSync("/usr/bin/apt-get")) {
    throw new Error(
      `${found.message}\nNo Debian apt mirror is configured on this machine, so nats-server cannot ` +
        "be fetched automatically. Install nats-server 2.10 or newer and set NATS_SERVER_BIN to its path.",
    );
  }
  log(`fetching nats-server ${NATS_SERVER_DEB_VERSION} (Debian trixie package) with apt`);
  const work = join(toolsDir, "apt");
  rmSync(work, { recursive: true, force: true });
  for (const dir of ["lists/partial", "cache/archives/partial", "deb"]) {
    mkdirSync(join(work, dir), { recursive: true });
  }
  writeFileSync(join(work, "sources.list"), `deb ${mirror} trixie main\n`);
  const aptOptions = [
    "-o",
    `Dir::Etc::sourcelist=${join(work, "sources.list")}`,
    "-o",
    "Dir::Etc::sourceparts=-",
    "-o",
    `Dir::State::Lists=${join(work, "lists")}`,
    "-o",
    `Dir::Cache=${join(work, "cache")}`,
    "-o",
    "APT::Sandbox::User=root",
  ];
  run("apt-get", [...aptOptions, "-qq", "update"]);
  run("apt-get", [...aptOptions, "-qq", "download", `nats-server=${NATS_SERVER_DEB_VERSION}`], {
    cwd: join(work, "deb"),
  });
  const deb = readdirSync(join(work, "deb")).find((name) => name.endsWith(".deb"));
  if (!deb) throw new Error("apt-get download produced no nats-server package");
  const target = join(toolsDir, "nats-server");
  rmSync(target, { recursive: true, force: true });
  execFileSync("dpkg", ["-x", join(work, "deb", deb), target]);
  rmSync(work, { recursive: true, force: true });
  const installed = findNatsServer();
  if (!installed.ok) throw new Error(installed.message);
  log(`nats-server ${installed.version} installed at ${installed.path}`);
}

function ensureChromium() {
  if (existsSync("/usr/bin/chromium")) return;
  if (process.getuid?.() !== 0) {
    throw new Error("Browser tests need Debian's chromium: run `sudo apt-get install chromium`.");
  }
  log("installing Debian's chromium for the browser tests");
  run("apt-get", ["-qq", "update"]);
  run("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "chromium"], {
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
}

try {
  ensureNpmPackages();
  ensureNatsServer();
  if (withBrowser) ensureChromium();
} catch (error) {
  console.error(`[setup] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
