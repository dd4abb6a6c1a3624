#!/usr/bin/env node
// `npm start`: builds the console, starts realmd with three local realms and the admin API on
// loopback, registers the local host, and prints where to log in. Ctrl-C stops all of it,
// realms included (realmd stops its realms when it is asked to exit).
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import { findNatsServer } from "./nats-server.mjs";

const root = resolve(import.meta.dirname, "..");
// tsx's loader rather than its CLI: the CLI would run each app in a grandchild process.
const tsxLoader = pathToFileURL(join(root, "node_modules", "tsx", "dist", "loader.mjs")).href;

function intFromEnv(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1024 || value > 65535) {
    console.error(`[start] ${name}=${raw} is not a port between 1024 and 65535`);
    process.exit(2);
  }
  return value;
}

const settings = {
  dataDir: resolve(process.env.EM_DATA_DIR ?? join(root, ".data")),
  consolePort: intFromEnv("EM_PORT", 7800),
  realmdPort: intFromEnv("REALMD_PORT", 7700),
  realmBasePort: intFromEnv("EM_REALM_BASE_PORT", 9000),
  logLevel: process.env.EM_LOG_LEVEL ?? "warn",
};

/**
 * realm1 → 9000 nsp, 9001 nhp, 9002 monitoring, 9003 cluster routes, 9004 nsps, 9005 nhps (TLS,
 * certified by realmd's local CA); realm2 → 9010…; realm3 → 9020… (from EM_REALM_BASE_PORT).
 */
const defaultRealms = [1, 2, 3].map((n) => {
  const base = settings.realmBasePort + (n - 1) * 10;
  return {
    name: `realm${n}`,
    nspPort: base,
    nhpPort: base + 1,
    monitorPort: base + 2,
    clusterPort: base + 3,
    nspsPort: base + 4,
    nhpsPort: base + 5,
  };
});

function log(message) {
  console.log(`[start] ${message}`);
}

/** realmd's control token: generated once, kept beside its data, never printed. */
function realmdToken() {
  const file = join(settings.dataDir, "realmd.token");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(settings.dataDir, { recursive: true });
  const token = randomBytes(32).toString("hex");
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return token;
}

const children = [];

function startChild(label, entry, env) {
  const child = spawn(process.execPath, ["--import", tsxLoader, entry], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "inherit", "inherit"],
  });
  children.push({ label, child });
  child.on("exit", (code, signal) => {
    if (!stopping) {
      console.error(`[start] ${label} exited (${code ?? signal}); stopping everything`);
      void stopAll(1);
    }
  });
  return child;
}

async function waitFor(label, check, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (stopping) return;
    if (await check().catch(() => false)) return;
    await sleep(200);
  }
  throw new Error(`${label} did not become ready within ${timeoutMs / 1000} s`);
}

let stopping = false;
async function stopAll(exitCode) {
  if (stopping) return;
  stopping = true;
  log("stopping the admin API, realmd and its realms …");
  // Reverse order: the admin API first, then realmd, which stops its realms on SIGTERM.
  for (const { child } of [...children].reverse()) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    child.kill("SIGTERM");
    const exited = new Promise((done) => child.once("exit", done));
    const timedOut = await Promise.race([exited.then(() => false), sleep(20_000, true)]);
    if (timedOut) child.kill("SIGKILL");
  }
  log("stopped");
  process.exit(exitCode);
}
process.on("SIGINT", () => void stopAll(0));
process.on("SIGTERM", () => void stopAll(0));

async function ensureRealms(realmdUrl, token) {
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const listed = await fetch(`${realmdUrl}/v1/realms`, { headers });
  const { realms } = await listed.json();
  for (const realm of defaultRealms) {
    if (realms.some((existing) => existing.name === realm.name)) continue;
    log(`creating ${realm.name} (nsp ${realm.nspPort}, nhp ${realm.nhpPort})`);
    const created = await fetch(`${realmdUrl}/v1/realms`, {
      method: "POST",
      headers,
      body: JSON.stringify(realm),
    });
    if (!created.ok) {
      const body = await created.json().catch(() => ({}));
      throw new Error(`could not create ${realm.name}: ${body.error?.message ?? created.status}`);
    }
  }
}

async function main() {
  const engine = findNatsServer();
  if (!engine.ok) throw new Error(engine.message);

  log("building the console (vite build)");
  const build = spawnSync("npm", ["run", "build", "-w", "@em/web", "--silent"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (build.status !== 0) throw new Error("building the console failed");

  const token = realmdToken();
  const realmdUrl = `http://127.0.0.1:${settings.realmdPort}`;
  startChild("realmd", "apps/realmd/src/main.ts", {
    REALMD_HOST: "127.0.0.1",
    REALMD_PORT: String(settings.realmdPort),
    REALMD_DATA_DIR: join(settings.dataDir, "realmd"),
    REALMD_TOKEN: token,
    REALMD_LOG_LEVEL: settings.logLevel,
    NATS_SERVER_BIN: engine.path,
  });
  await waitFor("realmd", async () => {
    const response = await fetch(`${realmdUrl}/v1/health`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return response.ok;
  });
  await ensureRealms(realmdUrl, token);

  const consoleUrl = `http://127.0.0.1:${settings.consolePort}`;
  startChild("admin-api", "apps/admin-api/src/main.ts", {
    EM_HOST: "127.0.0.1",
    EM_PORT: String(settings.consolePort),
    EM_DATA_DIR: join(settings.dataDir, "admin-api"),
    EM_WEB_DIST: join(root, "apps", "web", "dist"),
    EM_LOG_LEVEL: settings.logLevel,
    EM_REGISTER_HOST_URL: realmdUrl,
    EM_REGISTER_HOST_TOKEN: token,
  });
  await waitFor("admin-api", async () => (await fetch(`${consoleUrl}/api/health`)).ok);

  log("");
  log(`Enterprise Manager is running: ${consoleUrl}`);
  log(`Realms: ${defaultRealms.map((r) => `${r.name} nsp://127.0.0.1:${r.nspPort}`).join(", ")}`);
  log(
    `TLS: ${defaultRealms.map((r) => `nsps://127.0.0.1:${r.nspsPort}`).join(", ")} (nhps: +1); ` +
      `clients trust ${join(settings.dataDir, "realmd", "tls", "ca.pem")} (also GET /api/realms/<name>/ca.pem)`,
  );
  log(
    process.env.EM_ADMIN_PASSWORD
      ? 'Log in as "admin" with the password in EM_ADMIN_PASSWORD.'
      : 'Log in as "admin". On the first start its password is printed above, once; ' +
          "later starts reuse it (set EM_ADMIN_PASSWORD on a fresh data folder to choose it).",
  );
  log("Press Ctrl-C to stop everything, realms included.");
}

main().catch((error) => {
  console.error(`[start] ${error instanceof Error ? error.message : String(error)}`);
  void stopAll(1);
});
