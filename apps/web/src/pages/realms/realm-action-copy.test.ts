import { describe, expect, it } from "vitest";
import { ACTION_COPY, actionsFor } from "./realm-action-copy.js";

describe("realm actions", () => {
  it("offers only what makes sense for the process state", () => {
    expect(actionsFor("running")).toEqual(["restart", "stop", "pause", "kill"]);
    expect(actionsFor("stopped")).toEqual(["start"]);
    expect(actionsFor("crashed")).toEqual(["start"]);
    expect(actionsFor("paused")).toEqual(["resume", "kill"]);
    expect(actionsFor(null)).toEqual([]);
  });

  it("says what a kill does before it happens", () => {
    expect(ACTION_COPY.kill.explain("realm2")).toBe(
      "Kill realm2? SIGKILL: clients connected to it fail over; nothing is flushed.",
    );
  });
});
