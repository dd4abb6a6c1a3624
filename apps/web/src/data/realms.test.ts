import type { RealmSummary } from "@em/contracts";
import { describe, expect, it } from "vitest";
import { mergeSnapshot, withRealm } from "./realms.js";

function realm(name: string, status: RealmSummary["status"]): RealmSummary {
  return {
    name,
    hostId: "h1",
    hostName: "local",
    status,
    processState: status === "online" ? "running" : "stopped",
    version: "2.10.27",
    startedAt: null,
    uptimeSeconds: null,
    interfaces: [],
    rnames: [],
    metrics: null,
    lastSeen: null,
    stale: false,
    problem: null,
  };
}

describe("realm cache", () => {
  it("replaces one realm in place and keeps natural order when adding", () => {
    const list = { realms: [realm("realm1", "online"), realm("realm2", "online")] };
    expect(withRealm(list, realm("realm2", "offline")).realms.map((r) => r.status)).toEqual([
      "online",
      "offline",
    ]);
    expect(withRealm(list, realm("realm10", "online")).realms.map((r) => r.name)).toEqual([
      "realm1",
      "realm2",
      "realm10",
    ]);
  });

  it("does not let a snapshot older than a state push undo it", () => {
    const current = { realms: [realm("realm1", "online"), realm("realm2", "offline")] };
    const snapshot = {
      at: "2025-01-01T00:00:01.000Z",
      realms: [realm("realm1", "online"), realm("realm2", "online")],
    };
    const pushedAt = new Map([["realm2", Date.parse("2025-01-01T00:00:01.500Z")]]);
    expect(mergeSnapshot(current, snapshot, pushedAt).realms[1]?.status).toBe("offline");

    const newer = { ...snapshot, at: "2025-01-01T00:00:02.000Z" };
    expect(mergeSnapshot(current, newer, pushedAt).realms[1]?.status).toBe("online");
  });
});
