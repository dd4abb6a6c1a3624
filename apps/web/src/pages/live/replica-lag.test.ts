import type { ClusterHistory } from "@em/contracts";
import { describe, expect, it } from "vitest";
import { latestReplicaLag } from "./replica-lag.js";

const sample = (s: number, replicaLag: number | null) => ({
  at: new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString(),
  messagesInPerSecond: 0,
  messagesOutPerSecond: 0,
  connections: 0,
  replicaLag,
});

describe("latest replica lag", () => {
  it("takes each realm's newest sample, whatever the order", () => {
    const history: ClusterHistory = {
      cluster: "demo",
      from: sample(0, 0).at,
      to: sample(60, 0).at,
      realms: [
        { realm: "realm1", samples: [sample(30, 7), sample(10, 0)] },
        { realm: "realm2", samples: [sample(10, 3), sample(20, null)] },
        { realm: "realm3", samples: [] },
      ],
      summary: { published: 0, consumed: 0, publishedPerSecond: 0, consumedPerSecond: 0 },
    };
    const lag = latestReplicaLag(history);
    expect(lag.get("realm1")).toBe(7);
    expect(lag.get("realm2")).toBeNull();
    expect(lag.has("realm3")).toBe(false);
    expect(latestReplicaLag(undefined).size).toBe(0);
  });
});
