import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import type { RealmClusterConfig } from "@em/contracts";
import { natsServerBin, tempDir } from "@em/testkit";
import { describe, expect, it } from "vitest";
import { hostPort, quote, renderRealmConfig, type RealmConfigInput } from "./realm-config.js";

const input: RealmConfigInput = {
  name: "realm1",
  bindHost: "0.0.0.0",
  ports: { nsp: 9000, nhp: 9001, monitor: 9002 },
  storeDir: "/data/realms/realm1/jetstream",
  credentials: {
    systemPassword: "sys-secret-0123456789",
    adminPassword: "admin-secret-0123456789",
  },
};

const cluster: RealmClusterConfig = {
  name: "t1",
  port: 6222,
  routes: ["nats-route://127.0.0.1:6223", "nats-route://host-b:6224"],
};

describe("realm config", () => {
  it("binds client interfaces to bindHost and monitoring to loopback only", () => {
    const config = renderRealmConfig(input);
    expect(config).toContain('server_name: "realm1"');
    expect(config).toContain('listen: "0.0.0.0:9000"');
    expect(config).toContain('listen: "0.0.0.0:9001"');
    expect(config).toContain('http: "127.0.0.1:9002"');
    expect(config).toContain('server_tags: ["realm:realm1"]');
  });

  it("enables JetStream with a sync on every write and no anonymous users", () => {
    const config = renderRealmConfig(input);
    expect(config).toContain('store_dir: "/data/realms/realm1/jetstream"');
    expect(config).toContain("sync_interval: always");
    expect(config).toContain('user: "sys", password: "sys-secret-0123456789"');
    expect(config).toContain('user: "admin", password: "admin-secret-0123456789"');
    expect(config).toContain("system_account: SYS");
    expect(config).not.toContain("no_auth_user");
  });

  it("brackets IPv6 addresses in host:port", () => {
    expect(hostPort("::1", 9000)).toBe("[::1]:9000");
    expect(hostPort("127.0.0.1", 9000)).toBe("127.0.0.1:9000");
    expect(renderRealmConfig({ ...input, bindHost: "::" })).toContain('listen: "[::]:9000"');
  });

  it("escapes quotes and backslashes and refuses control characters", () => {
    expect(quote('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(() => quote("a\nb")).toThrow(/control character/);
  });

  it("is standalone without a cluster", () => {
    expect(renderRealmConfig(input)).not.toContain("cluster");
    expect(renderRealmConfig({ ...input, cluster: null })).not.toContain("cluster");
  });

  it("adds a cluster block listening on bindHost with quoted routes and no client gossip", () => {
    const config = renderRealmConfig({ ...input, cluster });
    expect(config).toContain(
      [
        "cluster {",
        '  name: "t1"',
        '  listen: "0.0.0.0:6222"',
        "  no_advertise: true",
        "  routes: [",
        '    "nats-route://127.0.0.1:6223"',
        '    "nats-route://host-b:6224"',
        "  ]",
        "}",
      ].join("\n"),
    );
    expect(renderRealmConfig({ ...input, bindHost: "::1", cluster })).toContain(
      'listen: "[::1]:6222"',
    );
  });

  it("is accepted by nats-server", async () => {
    await using dir = await tempDir("realm-config");
    const path = join(dir.path, "nats.conf");
    await writeFile(
      path,
      renderRealmConfig({ ...input, bindHost: "127.0.0.1", storeDir: join(dir.path, "js") }),
    );
    const { stdout, stderr } = await promisify(execFile)(natsServerBin(), ["-c", path, "-t"]);
    expect(`${stdout}${stderr}`).toMatch(/configuration file .* is valid/);
  });

  it("is accepted by nats-server with a cluster block", async () => {
    await using dir = await tempDir("realm-config");
    const path = join(dir.path, "nats.conf");
    await writeFile(
      path,
      renderRealmConfig({
        ...input,
        bindHost: "127.0.0.1",
        storeDir: join(dir.path, "js"),
        cluster,
      }),
    );
    const { stdout, stderr } = await promisify(execFile)(natsServerBin(), ["-c", path, "-t"]);
    expect(`${stdout}${stderr}`).toMatch(/configuration file .* is valid/);
  });
});
