import { describe, expect, it } from "vitest";
import { PreflightSchema, type HostedRealm, type RealmJetStreamView } from "@em/contracts";
import { clusterPreflight, type CandidateRealm } from "./cluster-preflight.js";

function definition(name: string, clusterPort: number | null = 9103): HostedRealm {
  return {
    name,
    bindHost: "127.0.0.1",
    ports: { nsp: 9100, nhp: 9101, monitor: 9102, cluster: clusterPort, nsps: null, nhps: null },
    tls: null,
    dataDir: `/data/${name}`,
    desiredState: "running",
    process: { state: "running", pid: 1, startedAt: null, lastExit: null, lastError: null },
    cluster: null,
  };
}

const standalone: RealmJetStreamView = {
  streams: 0,
  consumers: 0,
  messages: 0,
  clusterName: null,
  metaLeader: null,
  clusterSize: null,
  peers: [],
};

function realm(name: string, change: Partial<CandidateRealm> = {}): CandidateRealm {
  return {
    name,
    status: "online",
    problem: null,
    definition: definition(name),
    jetstream: standalone,
    recordedCluster: undefined,
    ...change,
  };
}

function preflight(
  realms: (CandidateRealm | string)[],
  options: {
    clusterTaken?: boolean;
    localStores?: "keep" | "delete";
    clusterStores?: string[];
  } = {},
) {
  const result = clusterPreflight({
    cluster: "demo",
    clusterTaken: options.clusterTaken ?? false,
    realms: realms.map((r) =>
      typeof r === "string" ? { name: r, realm: undefined } : { name: r.name, realm: r },
    ),
    localStores: options.localStores ?? "keep",
    ...(options.clusterStores === undefined ? {} : { clusterStores: options.clusterStores }),
    resultingSize: realms.length,
  });
  PreflightSchema.parse(result);
  return result;
}

const ids = (result: ReturnType<typeof preflight>, level: string) =>
  result.checks.filter((c) => c.level === level).map((c) => c.id);

describe("cluster preflight", () => {
  it("passes three online standalone realms with one ok check and nothing else", () => {
    const result = preflight([realm("r1"), realm("r2"), realm("r3")]);
    expect(result.ok).toBe(true);
    expect(result.checks.map((c) => [c.id, c.level])).toEqual([["members-ready", "ok"]]);
  });

  it("warns that two realms take no writes when either fails (51 %)", () => {
    const result = preflight([realm("r1"), realm("r2")]);
    expect(result.ok).toBe(true);
    expect(ids(result, "warning")).toEqual(["two-realm-quorum"]);
  });

  it("refuses a taken name, unknown realms, offline ones and members of another cluster, naming each", () => {
    const result = preflight(
      [
        realm("r1", { status: "offline", problem: "killed (SIGKILL)" }),
        realm("r2", { recordedCluster: "other" }),
        "ghost",
        realm("r4", {
          definition: {
            ...definition("r4"),
            cluster: { name: "x", port: 1, routes: [] },
          },
        }),
      ],
      { clusterTaken: true },
    );
    expect(result.ok).toBe(false);
    const messages = result.checks.filter((c) => c.level === "error").map((c) => c.message);
    expect(messages).toEqual([
      expect.stringMatching(/cluster named "demo" already exists/),
      expect.stringMatching(/No realm named "ghost"/),
      expect.stringMatching(/"r1" is offline \(killed \(SIGKILL\)\).*start it/),
      expect.stringMatching(/"r2" is already in cluster "other"/),
      expect.stringMatching(/"r4" is already in cluster "x"/),
    ]);
  });

  it("refuses a realm without a cluster route port", () => {
    const result = preflight([
      realm("r1", { definition: definition("r1", null) }),
      realm("r2"),
      realm("r3"),
    ]);
    expect(ids(result, "error")).toEqual(["cluster-port"]);
  });

  it("warns that stale meta state from an earlier cluster will be cleared", () => {
    const result = preflight([
      realm("r1", { jetstream: { ...standalone, clusterName: "old" } }),
      realm("r2"),
      realm("r3"),
    ]);
    expect(result.ok).toBe(true);
    const stale = result.checks.find((c) => c.id === "stale-meta-state");
    expect(stale).toMatchObject({ level: "warning", realm: "r1" });
    expect(stale?.message).toMatch(/"old".*cleared/);
  });

  it("local stores - warns they are kept pinned to their realm (keep) or deleted (delete)", () => {
    const withStores = [
      realm("r1", { jetstream: { ...standalone, streams: 2 }, stores: ["a", "b"] }),
      realm("r2", { stores: [] }),
      realm("r3", { stores: [] }),
    ];
    const keep = preflight(withStores, { localStores: "keep" });
    expect(keep.ok).toBe(true);
    const kept = keep.checks.find((c) => c.id === "local-stores");
    expect(kept).toMatchObject({ level: "warning", realm: "r1" });
    expect(kept?.message).toMatch(
      /2 realm-local channel\/queues \(a, b\): they will be kept, pinned to "r1"/,
    );
    const remove = preflight(withStores, { localStores: "delete" });
    expect(remove.ok).toBe(true);
    expect(remove.checks.find((c) => c.id === "local-stores")?.message).toMatch(/deleted/);
  });

  it("local stores - a name held by two or more members is a store-clash naming it and them", () => {
    const result = preflight([
      realm("r1", { stores: ["orders", "a"] }),
      realm("r2", { stores: ["orders"] }),
      realm("r3", { stores: ["orders", "b"] }),
    ]);
    expect(result.ok).toBe(false);
    const clashes = result.checks.filter((c) => c.id === "store-clash");
    expect(clashes).toHaveLength(1);
    expect(clashes[0]?.level).toBe("error");
    expect(clashes[0]?.message).toMatch(/"orders" exists on realms "r1", "r2", "r3"/);
  });

  it("local stores - a joiner's store named like one of the cluster's is a store-clash", () => {
    const adding = preflight([realm("r1", { stores: ["a", "orders"] })], {
      clusterStores: ["orders", "x"],
    });
    expect(adding.ok).toBe(false);
    expect(ids(adding, "error")).toEqual(["store-clash"]);
    expect(adding.checks.find((c) => c.id === "store-clash")?.message).toMatch(
      /"orders" exists in cluster "demo" and on realm "r1"/,
    );
  });

  it("local stores - refused when they could not be listed", () => {
    const unread = preflight([
      realm("r1", { jetstream: { ...standalone, streams: 1 }, storesProblem: "timeout" }),
      realm("r2"),
    ]);
    expect(unread.ok).toBe(false);
    expect(unread.checks.find((c) => c.id === "local-stores")?.message).toMatch(
      /could not be listed \(timeout\)/,
    );
  });
});
