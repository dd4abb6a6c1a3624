import { stat } from "node:fs/promises";
import { connect as tcpConnect } from "node:net";
import { join } from "node:path";
import {
  REALMD_APP_USERS_PATH,
  REALMD_PATHS,
  RealmAppUsersAppliedSchema,
  type RealmAppUser,
} from "@em/contracts";
import { startRealmHost, tempDir, type RealmHost, type TempDir } from "@em/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** bcrypt (cost 4, tests only) of PASSWORD. */
const PASSWORD = "realmd-test-app-password-1";
const HASH = "$2b$04$ta8MUckhVMdcq1eYL34Gl.QEPEDIfJMAUHqZQRC0fNqBjTg6ANOMq";

const appUser: RealmAppUser = {
  user: "app1",
  passwordHash: HASH,
  permissions: {
    publishChannels: ["/sales"],
    subscribeChannels: [],
    pushQueues: [],
    consumeQueues: [],
  },
};

/**
 * Whether the realm accepts `user` and `pass`: the NATS handshake by hand (CONNECT, then PING),
 * answered PONG when accepted and `-ERR 'Authorization Violation'` when not.
 */
function accepts(port: number, user: string, pass: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect(port, "127.0.0.1");
    let text = "";
    socket.setTimeout(5_000, () => socket.destroy(new Error("no answer in 5 s")));
    socket.on("error", reject);
    socket.on("data", (chunk) => {
      text += chunk.toString("utf8");
      if (text.startsWith("INFO") && !text.includes("CONNECT_SENT")) {
        text += "CONNECT_SENT";
        socket.write(`CONNECT ${JSON.stringify({ user, pass, verbose: false })}\r\nPING\r\n`);
      }
      if (text.includes("PONG")) {
        socket.destroy();
        resolve(true);
      } else if (text.includes("-ERR")) {
        socket.destroy();
        resolve(false);
      }
    });
  });
}

describe("realmd application users (PUT /v1/app-users)", () => {
  let dir: TempDir;
  let host: RealmHost;
  let nsp: number;

  const put = async (users: unknown) => {
    const response = await host.realmd.request("PUT", REALMD_APP_USERS_PATH, { users });
    return { status: response.status, body: await response.json() };
  };
  const applied = (body: unknown) =>
    RealmAppUsersAppliedSchema.parse(body).realms.map(({ name, applied }) => [name, applied]);

  beforeAll(async () => {
    dir = await tempDir("realmd-app-users");
    host = await startRealmHost(join(dir.path, "realmd"));
    nsp = (await host.createRealm("realm1")).ports.nsp;
  });

  afterAll(async () => {
    await host?.stop();
    await dir?.[Symbol.asyncDispose]();
  });

  it("reloads a running realm with the users, and refuses them again when taken away", async () => {
    expect(await accepts(nsp, "app1", PASSWORD)).toBe(false);
    const first = await put([appUser]);
    expect(first.status).toBe(200);
    expect(applied(first.body)).toEqual([["realm1", "reloaded"]]);
    expect(await accepts(nsp, "app1", PASSWORD)).toBe(true);
    expect(await accepts(nsp, "app1", `${PASSWORD}x`)).toBe(false);

    const again = await put([appUser]);
    expect(applied(again.body)).toEqual([["realm1", "unchanged"]]);

    const file = await stat(join(dir.path, "realmd", "app-users.json"));
    expect(file.mode & 0o777).toBe(0o600);
  });

  it("names what is wrong with a list and changes nothing", async () => {
    const badHash = await put([{ ...appUser, passwordHash: "plaintext-password" }]);
    expect(badHash.status).toBe(400);
    expect(JSON.stringify(badHash.body)).toMatch(/passwordHash/);
    const twice = await put([appUser, appUser]);
    expect(twice.status).toBe(400);
    expect(JSON.stringify(twice.body)).toMatch(/each user appears once/);
    const reserved = await put([{ ...appUser, user: "sys" }]);
    expect(reserved.status).toBe(400);
    expect(await accepts(nsp, "app1", PASSWORD)).toBe(true);
  });

  it("saves the list for a stopped realm and keeps it across a realmd restart", async () => {
    const stop = await host.realmd.request("POST", REALMD_PATHS.realmAction("realm1", "stop"));
    expect(stop.status).toBe(200);
    const emptied = await put([]);
    expect(applied(emptied.body)).toEqual([["realm1", "saved"]]);
    const restored = await put([appUser]);
    expect(applied(restored.body)).toEqual([["realm1", "saved"]]);

    await host.restart();
    const start = await host.realmd.request("POST", REALMD_PATHS.realmAction("realm1", "start"));
    expect(start.status).toBe(200);
    expect(await accepts(nsp, "app1", PASSWORD)).toBe(true);
  });
});
