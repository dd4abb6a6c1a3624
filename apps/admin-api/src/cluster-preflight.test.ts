import { describe, expect, it } from "vitest";
import { PreflightSchema, type HostedRealm, type RealmJetStreamView } from "@em/contracts";
import { clusterPreflight, type CandidateRealm } from "./cluster-preflight.js";

function definition(name: string, clusterPort: number | null = 9103): HostedRealm {
  return {
    name,
    bindHost: "127.0.0.1",
    ports: { nsp: 9100, nhp: 9101, monitor: 9102, cluster: clusterPort },
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
  options: { clusterTaken?: boolean; localStores?: "keep" | "delete" } = {},
) {
  const result = clusterPreflight({
    cluster: "demo",
    clusterTaken: options.clusterTaken ?? false,
    realms: realms.map((r) =>
      typeof r === "string" ? { name: r, realm: undefined } : { name: r.name, realm: r },
    ),
    localStores: options.localStores ?? "keep",
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

  it("local stores - refuses 'keep' (adoption comes with channels), warns of deletion with 'delete'", () => {
    const withStores = [
      realm("r1", { jetstream: { ...standalone, streams: 2 } }),
      realm("r2"),
      realm("r3"),
    ];
    const keep = preflight(withStores, { localStores: "keep" });
    expect(keep.ok).toBe(false);
    expect(keep.checks.find((c) => c.id === "local-stores")?.message).toMatch(
      /2 realm-local channel or queues/,
    );
    const remove = preflight(withStores, { localStores: "delete" });
    expect(remove.ok).toBe(true);
    const check = remove.checks.find((c) => c.id === "local-stores");
    expect(check?.level).toBe("warning");
    expect(check?.message).toMatch(/deleted/);
  });
});
