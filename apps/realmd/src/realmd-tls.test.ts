import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { connect as tlsConnect } from "node:tls";
import {
  ApiErrorBodySchema,
  HostedRealmSchema,
  REALMD_PATHS,
  type HostedRealm,
} from "@em/contracts";
import { freePorts, tempDir, type TempDir } from "@em/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { loadRealmTls, localCaPaths } from "./realm-tls.js";
import { startInProcessRealmd, type InProcessRealmd } from "./testing/in-process-realmd.js";

/** realmd in this process; starting it again over the same `dir` is a realmd restart. */
let harness: InProcessRealmd | undefined;
const pids = new Set<number>();

async function start(dir: TempDir): Promise<InProcessRealmd> {
  harness = await startInProcessRealmd(dir);
  return harness;
}

/** Stops realmd's API and manager; realms keep running unless `stopRealms`. */
async function stop(stopRealms: boolean): Promise<void> {
  await harness?.close({ stopRealms });
}

function request(method: string, path: string, body?: unknown): Promise<Response> {
  if (!harness) throw new Error("no harness");
  return harness.request(method, path, body);
}

async function create(name: string, extra: Record<string, unknown>): Promise<Response> {
  const [nspPort, nhpPort, monitorPort] = await freePorts(3);
  return request("POST", REALMD_PATHS.realms, { name, nspPort, nhpPort, monitorPort, ...extra });
}

async function created(response: Response): Promise<HostedRealm> {
  expect(response.status, await response.clone().text()).toBe(201);
  const realm = HostedRealmSchema.parse(await response.json());
  if (realm.process.pid !== null) pids.add(realm.process.pid);
  return realm;
}

async function expectError(response: Response, status: number, code: string) {
  expect(response.status, await response.clone().text()).toBe(status);
  const body = ApiErrorBodySchema.parse(await response.json());
  expect(body.error.code).toBe(code);
  return body.error;
}

/** The first line a realm's nsps interface sends over TLS: the realm's INFO. */
function firstLineOverTls(port: number, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: "127.0.0.1", port, ca });
    let text = "";
    socket.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      const end = text.indexOf("\r\n");
      if (end >= 0) {
        resolve(text.slice(0, end));
        socket.destroy();
      }
    });
    socket.once("error", reject);
  });
}

afterEach(async () => {
  await stop(true).catch(() => undefined);
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  pids.clear();
  await harness?.dir[Symbol.asyncDispose]();
  harness = undefined;
});

describe("realmd TLS interfaces", () => {
  it("realmd - refuses a certificate without a TLS port, a TLS port equal to another port, and unreadable certificate files, keeping nothing", async () => {
    await start(await tempDir("realmd-tls"));
    const noPort = await expectError(
      await create("realm1", { tls: { certFile: "/x/cert.pem", keyFile: "/x/key.pem" } }),
      400,
      "VALIDATION",
    );
    expect(noPort.message).toMatch(/nspsPort or nhpsPort/);
    const [nspPort, nhpPort, monitorPort] = await freePorts(3);
    const clash = await request("POST", REALMD_PATHS.realms, {
      name: "realm1",
      nspPort,
      nhpPort,
      monitorPort,
      nspsPort: nspPort,
    });
    expect((await expectError(clash, 400, "VALIDATION")).message).toMatch(/nsp/);
    const [nspsPort] = (await freePorts(1)) as [number];
    const unreadable = await expectError(
      await create("realm1", {
        nspsPort,
        tls: { certFile: "/nonexistent/cert.pem", keyFile: "/nonexistent/key.pem" },
      }),
      400,
      "VALIDATION",
    );
    expect(unreadable.message).toContain("/nonexistent/cert.pem");
    const listed = await (await request("GET", REALMD_PATHS.realms)).json();
    expect(listed).toEqual({ realms: [] });
  });

  it("realmd - serves the local CA of a TLS realm (404 for a realm without TLS) and reopens its TLS interfaces after realmd restarts", async () => {
    const dir = await tempDir("realmd-tls");
    await start(dir);
    const [nspsPort, nhpsPort] = (await freePorts(2)) as [number, number];
    const realm = await created(await create("realm1", { nspsPort, nhpsPort }));
    expect(realm.ports).toMatchObject({ nsps: nspsPort, nhps: nhpsPort });
    expect(realm.tls).toEqual({ certificate: "generated" });
    const plain = await created(await create("realm2", {}));
    expect(plain.tls).toBeNull();
    await expectError(await request("GET", REALMD_PATHS.realmCa("realm2")), 404, "NOT_FOUND");

    const response = await request("GET", REALMD_PATHS.realmCa("realm1"));
    expect(response.status).toBe(200);
    const ca = await response.text();
    expect(ca).toBe(await readFile(localCaPaths(dir.path).certPath, "utf8"));
    expect(ca).not.toMatch(/PRIVATE KEY/);
    // The realm's INFO through its nsps interface says TLS, as nats.js wants to hear.
    expect(await firstLineOverTls(nspsPort, ca)).toMatch(/^INFO \{.*"tls_required":true/);

    // realmd restarts and adopts the running realm: its TLS interfaces open again.
    await stop(false);
    await start(dir);
    expect(await firstLineOverTls(nspsPort, ca)).toMatch(/"server_name":"realm1"/);
  });

  it("realmd - uses the operator's certificate and hands out the operator's CA", async () => {
    // An operator's CA and certificate, made here the way realmd makes its own.
    await using operator = await tempDir("operator-ca");
    await loadRealmTls({
      dataDir: operator.path,
      realmTlsDir: join(operator.path, "issued"),
      bindHost: "127.0.0.1",
      files: null,
    });
    const operatorCa = await readFile(localCaPaths(operator.path).certPath, "utf8");
    await start(await tempDir("realmd-tls"));
    const [nspsPort] = (await freePorts(1)) as [number];
    const realm = await created(
      await create("realm1", {
        nspsPort,
        tls: {
          certFile: join(operator.path, "issued", "server.pem"),
          keyFile: join(operator.path, "issued", "server-key.pem"),
          caFile: localCaPaths(operator.path).certPath,
        },
      }),
    );
    expect(realm.tls).toEqual({ certificate: "operator" });
    expect(await (await request("GET", REALMD_PATHS.realmCa("realm1"))).text()).toBe(operatorCa);
    expect(await firstLineOverTls(nspsPort, operatorCa)).toMatch(/"server_name":"realm1"/);
  });
});
