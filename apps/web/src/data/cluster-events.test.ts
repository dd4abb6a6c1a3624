import { describe, expect, it } from "vitest";
import {
  CLUSTER_EVENTS_CAP,
  describeClusterEvent,
  withEvent,
  type ClusterEvent,
} from "./cluster-events.js";

const at = (s: number) => new Date(Date.UTC(2025, 0, 1, 0, 0, s)).toISOString();

describe("cluster event log", () => {
  it("keeps the newest first and caps the list", () => {
    let events: ClusterEvent[] = [];
    for (let i = 0; i < CLUSTER_EVENTS_CAP + 5; i += 1)
      events = withEvent(events, { type: "quorumLost", cluster: "demo", at: at(i) });
    expect(events).toHaveLength(CLUSTER_EVENTS_CAP);
    expect(events[0]?.at).toBe(at(CLUSTER_EVENTS_CAP + 4));
    const late = withEvent(events, { type: "quorumLost", cluster: "demo", at: at(10) });
    expect(late[0]?.at).toBe(at(CLUSTER_EVENTS_CAP + 4));
  });

  it("words events for a person", () => {
    expect(
      describeClusterEvent({
        type: "masterChanged",
        cluster: "demo",
        from: "realm1",
        to: "realm2",
        at: at(0),
      }),
    ).toEqual({ tone: "warn", text: "Master changed: realm1 → realm2" });
    expect(describeClusterEvent({ type: "quorumLost", cluster: "demo", at: at(0) }).tone).toBe(
      "danger",
    );
  });
});
