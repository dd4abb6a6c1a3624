import { describe, expect, it } from "vitest";
import { ClusterDetailSchema, type RealmJetStreamView } from "@em/contracts";
import {
  computeClusterState,
  findMaster,
  quorumNeeded,
  type MemberObservation,
} from "./cluster-state.js";

function view(
  leader: string | null,
  peers: string[] = [],
  lagging: string[] = [],
): RealmJetStreamView {
  return {
    streams: 0,
    consumers: 0,
    messages: 0,
    clusterName: "demo",
    metaLeader: leader,
    clusterSize: 3,
    peers: peers.map((name) => ({
      name,
      current: !lagging.includes(name),
      offline: false,
      lastActiveMs: 100,
      lagOps: lagging.includes(name) ? 12 : 0,
    })),
  };
}

const up = (realm: string, jetstream: RealmJetStreamView | null): MemberObservation => ({
  realm,
  hostName: "local",
  status: "online",
  processState: "running",
  jetstream,
});
const down = (realm: string): MemberObservation => ({
  realm,
  hostName: "local",
  status: "offline",
  processState: "crashed",
  jetstream: null,
});

function state(
  members: MemberObservation[],
  lastOperation?: Parameters<typeof computeClusterState>[0]["lastOperation"],
) {
  const result = computeClusterState({
    name: "demo",
    createdAt: "2026-01-01T10:00:00.000Z",
    members,
    lastOperation,
  });
  ClusterDetailSchema.parse({ ...result, lastOperationId: null });
  return result;
}

const states = (members: MemberObservation[]) =>
  Object.fromEntries(state(members).members.map((m) => [m.realm, m.state]));

describe("cluster state", () => {
  it("quorum - needs 51 % of all members, as UM: N=2→2, 3→2, 4→3, 5→3", () => {
    expect([1, 2, 3, 4, 5, 6].map(quorumNeeded)).toEqual([1, 2, 2, 3, 3, 4]);
    for (const total of [2, 3, 4, 5, 6]) expect(quorumNeeded(total)).toBe(Math.ceil(0.51 * total));
  });

  it("is healthy with one master seen by all and every member current", () => {
    const result = state([
      up("r1", view("r2")),
      up("r2", view("r2", ["r1", "r3"])),
      up("r3", view("r2")),
    ]);
    expect(result).toMatchObject({
      status: "healthy",
      master: "r2",
      quorum: { online: 3, total: 3, needed: 2, held: true },
      disagreement: false,
    });
    expect(result.members.map((m) => m.state)).toEqual(["member", "master", "member"]);
    expect(result.members[1]?.view).toEqual({ master: "r2", sees: ["r1", "r3"] });
  });

  it("master - the leader's own word wins over followers that still name the old one", () => {
    const members = [up("r1", view("r3")), up("r2", view("r2", ["r1"])), up("r3", view(null))];
    expect(findMaster(members)).toBe("r2");
  });

  it("master - the majority view when no leader speaks for itself, never an offline realm", () => {
    expect(findMaster([up("r1", view("r3")), up("r2", view("r3")), down("r3")])).toBeNull();
    expect(findMaster([up("r1", view("r2")), up("r2", null), up("r3", view("r2"))])).toBe("r2");
    expect(
      findMaster([
        up("r1", view("r2")),
        { ...up("r2", view("r9")), jetstream: view("r9") },
        up("r3", view("r2")),
      ]),
    ).toBe("r2");
  });

  it("is degraded with a member offline or lagging, and keeps quorum 2/3", () => {
    const result = state([
      up("r1", view("r1", ["r2", "r3"], ["r2"])),
      up("r2", view("r1")),
      down("r3"),
    ]);
    expect(result.status).toBe("degraded");
    expect(result.quorum).toEqual({ online: 2, total: 3, needed: 2, held: true });
    expect(
      states([up("r1", view("r1", ["r2", "r3"], ["r2"])), up("r2", view("r1")), down("r3")]),
    ).toEqual({
      r1: "master",
      r2: "recovering",
      r3: "offline",
    });
  });

  it("has no quorum with 1 of 3 online: the survivor is no-quorum", () => {
    const result = state([up("r1", view(null)), down("r2"), down("r3")]);
    expect(result).toMatchObject({ status: "no-quorum", master: null });
    expect(result.quorum).toEqual({ online: 1, total: 3, needed: 2, held: false });
    expect(result.members.map((m) => m.state)).toEqual(["no-quorum", "offline", "offline"]);
  });

  it("counts a running realm that answered late as up, a paused one as offline", () => {
    const late: MemberObservation = { ...up("r3", null), status: "unresponsive" };
    const paused: MemberObservation = { ...late, processState: "paused" };
    const withLate = state([up("r1", view("r1", ["r2", "r3"])), down("r2"), late]);
    expect(withLate.quorum.held).toBe(true);
    expect(withLate.members[2]?.state).toBe("recovering");
    const withPaused = state([up("r1", view("r1", ["r2", "r3"])), down("r2"), paused]);
    expect(withPaused.quorum.held).toBe(false);
    expect(withPaused.members[2]?.state).toBe("offline");
  });

  it("shows no master without quorum, even when the survivor still calls itself leader", () => {
    const result = state([up("r1", view("r1", ["r2", "r3"])), down("r2"), down("r3")]);
    expect(result).toMatchObject({ master: null, status: "no-quorum" });
    expect(result.members[0]?.state).toBe("no-quorum");
  });

  it("reports disagreement when members name different masters", () => {
    expect(state([up("r1", view("r1", ["r2"])), up("r2", view("r2", ["r1"]))]).disagreement).toBe(
      true,
    );
  });

  it("is forming while its create runs, failed when the create failed without quorum", () => {
    const members = [up("r1", view(null)), up("r2", view(null)), up("r3", view(null))];
    expect(state(members, { kind: "create-cluster", status: "running" }).status).toBe("forming");
    expect(
      state([down("r1"), down("r2"), up("r3", null)], { kind: "create-cluster", status: "failed" })
        .status,
    ).toBe("failed");
  });

  it("what-if - each of 3 may fail alone; with one down, no other may", () => {
    const healthy = state([
      up("r1", view("r1", ["r2", "r3"])),
      up("r2", view("r1")),
      up("r3", view("r1")),
    ]);
    expect(healthy.whatIf.map((w) => w.keepsQuorum)).toEqual([true, true, true]);
    const oneDown = state([up("r1", view("r1", ["r2", "r3"])), up("r2", view("r1")), down("r3")]);
    expect(oneDown.whatIf).toEqual([
      { realm: "r1", keepsQuorum: false, storesLosingMajority: [] },
      { realm: "r2", keepsQuorum: false, storesLosingMajority: [] },
      { realm: "r3", keepsQuorum: true, storesLosingMajority: [] },
    ]);
    const two = state([up("r1", view("r1", ["r2"])), up("r2", view("r1"))]);
    expect(two.whatIf.map((w) => w.keepsQuorum)).toEqual([false, false]);
  });

  it("quorum - counts a departed peer the engine still holds: 3 recorded in a meta group of 4 need 3", () => {
    const leftover = { ...view("r1", ["r2", "r3", "r4"]), clusterSize: 4 };
    const shrunk = state([up("r1", leftover), up("r2", view("r1")), up("r3", view("r1"))]);
    expect(shrunk.quorum).toEqual({ online: 3, total: 4, needed: 3, held: true });
    expect(shrunk.master).toBe("r1");
    expect(shrunk.whatIf.map((w) => w.keepsQuorum)).toEqual([false, false, false]);
    const oneDown = state([up("r1", leftover), up("r2", view("r1")), down("r3")]);
    expect(oneDown.quorum).toMatchObject({ online: 2, total: 4, held: false });
    expect(oneDown.master).toBeNull();
  });
});
