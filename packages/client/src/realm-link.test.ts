import type { NatsConnection } from "@nats-io/nats-core";
import { describe, expect, it } from "vitest";
import { NoRealmAvailableError } from "./errors.js";
import { RealmLink } from "./realm-link.js";
import { parseRnames, type Rname } from "./rname.js";
import { resolveOptions, type SessionOptions } from "./session-options.js";
import { StatusFeed, type SessionStatus } from "./session-status.js";
import type { RealmTransport } from "./transport.js";

/** A stand-in connection: `drop()` ends it like a reset, `silence()` stops round trips. */
class FakeConnection {
  private end!: (error: Error | void) => void;
  private readonly ended = new Promise<Error | void>((resolve) => (this.end = resolve));
  silent = false;
  constructor(readonly info: { server_name: string }) {}
  closed() {
    return this.ended;
  }
  close() {
    this.end();
    return Promise.resolve();
  }
  flush() {
    return this.silent ? new Promise<void>(() => undefined) : Promise.resolve();
  }
  drop() {
    this.end(new Error("connection reset"));
  }
}

/** A transport over named fake realms; realms listed in `down` refuse connections. */
function fakeCluster() {
  const down = new Set<string>();
  const connections: FakeConnection[] = [];
  const tried: string[] = [];
  const transport: RealmTransport = (rname: Rname) => {
    tried.push(rname.host);
    if (down.has(rname.host)) return Promise.reject(new Error(`${rname.host} refused`));
    const connection = new FakeConnection({ server_name: rname.host });
    connections.push(connection);
    return Promise.resolve(connection as unknown as NatsConnection);
  };
  return { down, connections, tried, transport };
}

function startLink(options: Partial<SessionOptions>, transport: RealmTransport) {
  const resolved = resolveOptions(
    { rnames: "nsp://realm1:1,nsp://realm2:2,nsp://realm3:3", ...options, transport },
    transport,
  );
  const feed = new StatusFeed();
  const statuses: SessionStatus[] = [];
  for (const type of [
    "connected",
    "disconnected",
    "reconnecting",
    "reconnected",
    "closed",
  ] as const)
    feed.on(type, (status) => statuses.push(status));
  const link = new RealmLink(resolved, parseRnames(resolved.rnames), feed);
  return { link, statuses };
}

const until = async (check: () => boolean) => {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
};

describe("RealmLink", () => {
  it("session - hands the tls CA to TLS RNAMEs only, and names the last failure when no realm is reached", async () => {
    const seen: [string, unknown][] = [];
    const transport: RealmTransport = (rname, options) => {
      seen.push([rname.text, options.tls]);
      return Promise.reject(new Error("self-signed certificate in certificate chain"));
    };
    const { link } = startLink(
      {
        rnames: "nsp://realm1:1,nsps://realm2:2,nhps://realm3:3",
        tls: { ca: ["CA-1", "CA-2"] },
        reconnect: { maxAttempts: 3 },
      },
      transport,
    );
    const failed = await link.start().catch((error: unknown) => error);
    expect(seen).toEqual([
      ["nsp://realm1:1", undefined],
      ["nsps://realm2:2", { ca: "CA-1\nCA-2" }],
      ["nhps://realm3:3", { ca: "CA-1\nCA-2" }],
    ]);
    expect(failed).toBeInstanceOf(NoRealmAvailableError);
    expect((failed as Error).message).toBe(
      "no realm reached in 3 attempts (last: nhps://realm3:3: self-signed certificate in certificate chain)",
    );
  });

  it("session - connects to the first realm that answers, in list order", async () => {
    const cluster = fakeCluster();
    cluster.down.add("realm1");
    const { link, statuses } = startLink({}, cluster.transport);
    const live = await link.start();
    expect(live.realm).toBe("realm2");
    expect(cluster.tried).toEqual(["realm1", "realm2"]);
    expect(statuses).toEqual([{ type: "connected", realm: "realm2", rname: "nsp://realm2:2" }]);
    await link.close();
  });

  it("session - a reset connection is left at once for the next realm, wrapping around", async () => {
    const cluster = fakeCluster();
    const { link, statuses } = startLink({}, cluster.transport);
    await link.start();
    cluster.down.add("realm2");
    cluster.connections[0]?.drop();
    await until(() => statuses.some((status) => status.type === "reconnected"));
    expect(link.current?.realm).toBe("realm3");
    expect(statuses.map((status) => status.type)).toEqual([
      "connected",
      "disconnected",
      "reconnecting",
      "reconnecting",
      "reconnected",
    ]);
    expect(statuses[4]).toMatchObject({ realm: "realm3", fromRealm: "realm1" });
    await link.close();
  });

  it("session - a realm that stops answering round trips is left", async () => {
    const cluster = fakeCluster();
    const { link, statuses } = startLink(
      { pingIntervalMs: 5, pingTimeoutMs: 5 },
      cluster.transport,
    );
    await link.start();
    const first = cluster.connections[0] as FakeConnection;
    first.silent = true;
    await until(() => statuses.some((status) => status.type === "reconnected"));
    expect(statuses[1]).toMatchObject({ type: "disconnected", realm: "realm1" });
    expect((statuses[1] as { reason: string }).reason).toMatch(/silent/);
    await link.close();
  });

  it("session - tryAgain is not asked at the first connect; returning false after a loss closes the session with NoRealmAvailableError", async () => {
    const cluster = fakeCluster();
    const asked: string[] = [];
    const { link, statuses } = startLink(
      {
        reconnect: {
          tryAgain: ({ attempt, lostRealm }) => {
            asked.push(`${attempt}:${lostRealm}`);
            return false;
          },
        },
      },
      cluster.transport,
    );
    // Not asked at the first connect: a handler that never tries again still connects once.
    await link.start();
    expect(asked).toEqual([]);
    cluster.connections[0]?.drop();
    await until(() => link.isClosed);
    expect(asked).toEqual(["1:realm1"]);
    const closed = statuses.at(-1);
    expect(closed?.type).toBe("closed");
    expect(closed?.type === "closed" && closed.error).toBeInstanceOf(NoRealmAvailableError);
    await expect(link.connection()).rejects.toBeInstanceOf(NoRealmAvailableError);
  });

  it("session - the first connect gives up after maxAttempts when no realm answers", async () => {
    const cluster = fakeCluster();
    for (const realm of ["realm1", "realm2", "realm3"]) cluster.down.add(realm);
    const { link } = startLink({ reconnect: { maxAttempts: 4, intervalMs: 1 } }, cluster.transport);
    await expect(link.start()).rejects.toBeInstanceOf(NoRealmAvailableError);
    expect(cluster.tried).toEqual(["realm1", "realm2", "realm3", "realm1"]);
  });
});
