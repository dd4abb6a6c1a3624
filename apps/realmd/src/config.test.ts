import { describe, expect, it } from "vitest";
import { BUNDLED_NATS_SERVER, ConfigError, DEFAULT_REALMD_DATA_DIR, loadConfig } from "./config.js";

const token = "0123456789abcdef0123";

describe("realmd config", () => {
  it("refuses to start without a token, saying how to make one", () => {
    expect(() => loadConfig({})).toThrow(ConfigError);
    expect(() => loadConfig({})).toThrow(/REALMD_TOKEN is required/);
    expect(() => loadConfig({ REALMD_TOKEN: "short" })).toThrow(/at least 16 characters/);
  });

  it("defaults to loopback:7700, the repo's data folder and the bundled nats-server", () => {
    const config = loadConfig({ REALMD_TOKEN: token });
    expect(config).toMatchObject({
      host: "127.0.0.1",
      port: 7700,
      dataDir: DEFAULT_REALMD_DATA_DIR,
      logLevel: "info",
      keepRealmsOnExit: false,
    });
    expect(config.engineCandidates).toEqual([BUNDLED_NATS_SERVER, "nats-server"]);
  });

  it("uses NATS_SERVER_BIN alone when set and treats empty variables as unset", () => {
    const config = loadConfig({
      REALMD_TOKEN: token,
      NATS_SERVER_BIN: "/opt/nats/nats-server",
      REALMD_PORT: "",
      REALMD_KEEP_REALMS_ON_EXIT: "true",
    });
    expect(config.engineCandidates).toEqual(["/opt/nats/nats-server"]);
    expect(config.port).toBe(7700);
    expect(config.keepRealmsOnExit).toBe(true);
  });

  it("names the variable that is wrong", () => {
    expect(() => loadConfig({ REALMD_TOKEN: token, REALMD_PORT: "http" })).toThrow(/REALMD_PORT/);
    expect(() => loadConfig({ REALMD_TOKEN: token, REALMD_LOG_LEVEL: "loud" })).toThrow(
      /REALMD_LOG_LEVEL/,
    );
  });
});
