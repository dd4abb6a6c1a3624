import { describe, expect, it } from "vitest";
import { DEFAULT_DATA_DIR, parseConfig } from "./config.js";

describe("config", () => {
  it("uses loopback defaults when nothing is set", () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      host: "127.0.0.1",
      port: 7800,
      dataDir: DEFAULT_DATA_DIR,
      adminPassword: undefined,
      webDist: undefined,
      logLevel: "info",
      pollIntervalMs: 1000,
      realmTimeoutMs: 800,
      registerHost: undefined,
      sessionTtlMs: 12 * 3_600_000,
      allowedOrigins: [],
    });
    expect(DEFAULT_DATA_DIR).toMatch(/\.data\/admin-api$/);
  });

  it("treats empty variables as unset", () => {
    expect(parseConfig({ EM_ADMIN_PASSWORD: "", EM_WEB_DIST: " " })).toMatchObject({
      adminPassword: undefined,
      webDist: undefined,
    });
  });

  it("reads every variable", () => {
    const config = parseConfig({
      EM_HOST: "0.0.0.0",
      EM_PORT: "8080",
      EM_DATA_DIR: "/tmp/em",
      EM_ADMIN_PASSWORD: "s3cret-password",
      EM_WEB_DIST: "/srv/web",
      EM_LOG_LEVEL: "debug",
      EM_POLL_INTERVAL_MS: "500",
      EM_REALM_TIMEOUT_MS: "400",
      EM_REGISTER_HOST_URL: "http://127.0.0.1:7700",
      EM_REGISTER_HOST_TOKEN: "0123456789abcdef0123",
      EM_SESSION_TTL_HOURS: "1",
      EM_ALLOWED_ORIGINS: "http://localhost:5173/, http://127.0.0.1:5173",
    });
    expect(config).toMatchObject({
      host: "0.0.0.0",
      port: 8080,
      dataDir: "/tmp/em",
      adminPassword: "s3cret-password",
      webDist: "/srv/web",
      logLevel: "debug",
      pollIntervalMs: 500,
      realmTimeoutMs: 400,
      registerHost: { url: "http://127.0.0.1:7700", token: "0123456789abcdef0123" },
      sessionTtlMs: 3_600_000,
      allowedOrigins: ["http://localhost:5173", "http://127.0.0.1:5173"],
    });
  });

  it("names every bad variable in one error", () => {
    expect(() => parseConfig({ EM_PORT: "http", EM_LOG_LEVEL: "loud" })).toThrow(
      /EM_PORT.*EM_LOG_LEVEL|EM_LOG_LEVEL.*EM_PORT/,
    );
  });

  it("refuses a register URL without its token", () => {
    expect(() => parseConfig({ EM_REGISTER_HOST_URL: "http://127.0.0.1:7700" })).toThrow(
      /EM_REGISTER_HOST_URL and EM_REGISTER_HOST_TOKEN go together/,
    );
  });
});
