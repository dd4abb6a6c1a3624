import { describe, expect, it } from "vitest";
import type { RealmMonitor } from "@em/contracts";
import { membersLeftOut } from "./member-driver.js";

/** A monitor answer with just what membersLeftOut reads. */
function monitor(serverName: string, leader: string, peers: string[]): RealmMonitor {
  return {
    sample: {
      serverName,
      jetstream: {
        metaLeader: leader,
        peers: peers.map((name) => ({
          name,
          current: true,
          offline: false,
          lastActiveMs: 0,
          lagOps: 0,
        })),
      },
    },
  } as unknown as RealmMonitor;
}

describe("membersLeftOut", () => {
  const realms = ["realm1", "realm2", "realm3"];

  it("names the member the master's group lacks (the engine's bootstrap race)", () => {
    const monitors = [
      monitor("realm1", "realm1", ["realm2"]),
      monitor("realm2", "realm1", []),
      monitor("realm3", "realm1", []),
    ];
    expect(membersLeftOut(monitors, "realm1", realms)).toEqual(["realm3"]);
  });

  it("names none when the group holds every member, offline ones included", () => {
    const monitors = [monitor("realm2", "realm2", ["realm1", "realm3"]), undefined, undefined];
    expect(membersLeftOut(monitors, "realm2", realms)).toEqual([]);
  });

  it("names none when the master did not answer: a follower cannot tell", () => {
    const monitors = [undefined, monitor("realm2", "realm1", []), monitor("realm3", "realm1", [])];
    expect(membersLeftOut(monitors, "realm1", realms)).toEqual([]);
  });
});
