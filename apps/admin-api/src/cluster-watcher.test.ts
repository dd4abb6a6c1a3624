import { describe, expect, it } from "vitest";
import type { ClusterMember, MemberState } from "@em/contracts";
import type { ClusterState } from "./cluster-state.js";
import { ClusterWatcher } from "./cluster-watcher.js";

function cluster(
  master: string | null,
  states: Record<string, MemberState>,
  held = true,
): ClusterState {
  const members: ClusterMember[] = Object.entries(states).map(([realm, state]) => ({
    realm,
    hostName: "local",
    state,
    view: null,
  }));
  return {
    name: "demo",
    createdAt: "2026-01-01T10:00:00.000Z",
    status: "healthy",
    master,
    quorum: { online: 0, total: members.length, needed: 2, held },
    members,
    disagreement: false,
    whatIf: [],
  };
}

const names = (events: ReturnType<ClusterWatcher["update"]>) =>
  events.map((e) => {
    const p = e.payload as Record<string, string | null | undefined>;
    const what =
      e.name === "cluster:masterChanged"
        ? `${p["from"] ?? "null"}→${p["to"] ?? "null"}`
        : (p["realm"] ?? p["master"] ?? "");
    return `${e.name} ${what}`;
  });

describe("cluster watcher", () => {
  it("records a baseline silently, then reports a new cluster's members, quorum and master", () => {
    const watcher = new ClusterWatcher();
    expect(watcher.update([])).toEqual([]);
    const events = watcher.update([cluster("r1", { r1: "master", r2: "member" })]);
    expect(names(events)).toEqual([
      "cluster:memberAdded r1",
      "cluster:memberState r1",
      "cluster:memberAdded r2",
      "cluster:memberState r2",
      "cluster:quorumReached r1",
      "cluster:masterChanged null→r1",
    ]);
  });

  it("reports a master killed, a second realm lost, and both back, in order", () => {
    const watcher = new ClusterWatcher();
    watcher.update([cluster("r1", { r1: "master", r2: "member", r3: "member" })]);
    // The election: no master for a poll or two, quorum still held by count.
    expect(
      names(watcher.update([cluster(null, { r1: "offline", r2: "no-quorum", r3: "no-quorum" })])),
    ).toEqual(["cluster:memberState r1", "cluster:memberState r2", "cluster:memberState r3"]);
    expect(
      names(watcher.update([cluster("r2", { r1: "offline", r2: "master", r3: "member" })])),
    ).toEqual(["cluster:memberState r2", "cluster:memberState r3", "cluster:masterChanged r1→r2"]);
    expect(
      names(
        watcher.update([cluster(null, { r1: "offline", r2: "offline", r3: "no-quorum" }, false)]),
      ),
    ).toEqual([
      "cluster:memberState r2",
      "cluster:memberState r3",
      "cluster:quorumLost ",
      "cluster:masterChanged r2→null",
    ]);
    expect(
      names(watcher.update([cluster("r3", { r1: "member", r2: "member", r3: "master" })])),
    ).toEqual([
      "cluster:memberState r1",
      "cluster:memberState r2",
      "cluster:memberState r3",
      "cluster:quorumReached r3",
      "cluster:masterChanged null→r3",
    ]);
  });

  it("reports members added, removed, and every member removed when the cluster goes", () => {
    const watcher = new ClusterWatcher();
    watcher.update([cluster("r1", { r1: "master", r2: "member" })]);
    expect(names(watcher.update([cluster("r1", { r1: "master", r3: "member" })]))).toEqual([
      "cluster:memberRemoved r2",
      "cluster:memberAdded r3",
      "cluster:memberState r3",
    ]);
    expect(names(watcher.update([]))).toEqual([
      "cluster:memberRemoved r1",
      "cluster:memberRemoved r3",
    ]);
  });
});
