import { describe, expect, it } from "vitest";
import { jetStreamView } from "./sample-realm.js";

describe("sample realm", () => {
  it("reads a standalone realm's /jsz as no cluster, no leader, no peers", () => {
    expect(jetStreamView({ streams: 2, consumers: 1, messages: 40, ha_assets: 0 })).toEqual({
      streams: 2,
      consumers: 1,
      messages: 40,
      clusterName: null,
      metaLeader: null,
      clusterSize: null,
      peers: [],
    });
  });

  it("reads a clustered realm's meta group, filling the fields nats-server omits", () => {
    // Shape of nats-server 2.10.27's /jsz on a member of a 3-realm cluster.
    const view = jetStreamView({
      streams: 0,
      consumers: 0,
      messages: 0,
      meta_cluster: {
        name: "t1",
        leader: "s1",
        peer: "k2My6qdB",
        replicas: [
          { name: "s2", current: true, active: 954_872_569, peer: "noC8kOtg" },
          { name: "s3", current: false, offline: true, active: 12_000_000_000, lag: 7 },
        ],
        cluster_size: 3,
        pending: 0,
      },
    });
    expect(view).toMatchObject({ clusterName: "t1", metaLeader: "s1", clusterSize: 3 });
    expect(view?.peers).toEqual([
      { name: "s2", current: true, offline: false, lastActiveMs: 955, lagOps: 0 },
      { name: "s3", current: false, offline: true, lastActiveMs: 12_000, lagOps: 7 },
    ]);
  });

  it("has no leader while the meta group elects one, and no view of a foreign answer", () => {
    expect(jetStreamView({ meta_cluster: { name: "t1", cluster_size: 3 } })?.metaLeader).toBe(null);
    expect(jetStreamView("not json")).toBe(null);
  });
});
