import { describe, expect, it } from "vitest";
import { parseRname } from "./rname.js";
import { MAX_BACKOFF_MS, defaultBackoff, resolveOptions } from "./session-options.js";
import { defaultTransport } from "./transport.js";

const attempt = (n: number, listSize = 3) => ({
  attempt: n,
  lostRealm: "realm1",
  next: parseRname("nsp://a:1"),
  listSize,
});

describe("defaultBackoff", () => {
  it("backoff - the first pass over the list waits nothing", () => {
    expect([1, 2, 3].map((n) => defaultBackoff(attempt(n), 250))).toEqual([0, 0, 0]);
  });

  it("backoff - later attempts double the interval up to the cap", () => {
    expect([4, 5, 6, 7].map((n) => defaultBackoff(attempt(n), 250))).toEqual([
      250, 500, 1000, 2000,
    ]);
    expect(defaultBackoff(attempt(40), 250)).toBe(MAX_BACKOFF_MS);
  });
});

describe("resolveOptions", () => {
  it("options - fills every default and keeps what is given", () => {
    const resolved = resolveOptions(
      { rnames: "nsp://a:1", pingIntervalMs: 10, credentials: { user: "u", pass: "p" } },
      defaultTransport,
    );
    expect(resolved).toMatchObject({
      name: "em-client",
      pingIntervalMs: 10,
      pingTimeoutMs: 1500,
      connectTimeoutMs: 2000,
      reports: true,
      reconnect: { intervalMs: 250, maxAttempts: Infinity },
    });
    expect(resolved.credentials(parseRname("nsp://a:1"))).toEqual({ user: "u", pass: "p" });
  });

  it("options - credentials may be chosen per RNAME", () => {
    const resolved = resolveOptions(
      {
        rnames: "nsp://a:1",
        credentials: (rname) => ({ user: rname.host, pass: String(rname.port) }),
      },
      defaultTransport,
    );
    expect(resolved.credentials(parseRname("nsp://b:2"))).toEqual({ user: "b", pass: "2" });
  });
});
