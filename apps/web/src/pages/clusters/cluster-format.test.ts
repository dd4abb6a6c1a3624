import type { ClusterSummary, OperationStep, RealmSummary } from "@em/contracts";
import { describe, expect, it } from "vitest";
import { ApiRequestError } from "../../lib/api-client.js";
import {
  failuresTolerated,
  formatDuration,
  groupPreflight,
  preflightAllowsCreate,
  preflightFromError,
  quorumText,
  quorumTone,
  standaloneRealms,
  stepElapsedMs,
  whatIfText,
} from "./cluster-format.js";

describe("cluster format", () => {
  it("says how the quorum stands", () => {
    const quorum = { online: 2, total: 3, needed: 2, held: true };
    expect(quorumText(quorum)).toBe("2/3 online · needs 2");
    expect(quorumTone(quorum)).toBe("warn");
    expect(failuresTolerated(quorum)).toBe(0);
    expect(quorumTone({ ...quorum, online: 3 })).toBe("ok");
    expect(failuresTolerated({ online: 5, total: 5, needed: 3, held: true })).toBe(2);
    expect(quorumTone({ online: 1, total: 3, needed: 2, held: false })).toBe("danger");
  });

  it("groups preflight checks: errors block, warnings need acknowledging", () => {
    const checks = [
      { id: "member-online", level: "ok", message: "all online" },
      { id: "two-realm-quorum", level: "warning", message: "2 realms" },
      { id: "store-clash", level: "error", message: "orders on both", realm: "realm2" },
    ] as const;
    const groups = groupPreflight([...checks]);
    expect(groups.errors.map((c) => c.id)).toEqual(["store-clash"]);
    expect(groups.warnings.map((c) => c.id)).toEqual(["two-realm-quorum"]);
    expect(groups.passed.map((c) => c.id)).toEqual(["member-online"]);

    expect(preflightAllowsCreate({ ok: false, checks: [...checks] }, true)).toBe(false);
    const warned = { ok: true, checks: [checks[0], checks[1]] };
    expect(preflightAllowsCreate(warned, false)).toBe(false);
    expect(preflightAllowsCreate(warned, true)).toBe(true);
    expect(preflightAllowsCreate({ ok: true, checks: [checks[0]] }, false)).toBe(true);
  });

  it("reads the preflight out of a 409 PREFLIGHT_FAILED", () => {
    const preflight = { ok: false, checks: [{ id: "x", level: "error", message: "no" }] };
    const error = new ApiRequestError("PREFLIGHT_FAILED", "refused", 409, {
      details: { preflight },
    });
    expect(preflightFromError(error)).toEqual(preflight);
    expect(preflightFromError(new ApiRequestError("CONFLICT", "x", 409))).toBeNull();
    expect(preflightFromError(new Error("x"))).toBeNull();
  });

  it("finds the realms that are in no cluster", () => {
    const realm = (name: string) => ({ name }) as RealmSummary;
    const cluster = {
      name: "demo",
      members: [{ realm: "realm1" }, { realm: "realm2" }],
    } as ClusterSummary;
    expect(
      standaloneRealms([realm("realm1"), realm("realm2"), realm("realm3")], [cluster]).map(
        (r) => r.name,
      ),
    ).toEqual(["realm3"]);
  });

  it("words the what-if", () => {
    expect(whatIfText({ realm: "realm2", keepsQuorum: true, storesLosingMajority: [] })).toBe(
      "If realm2 fails: keeps quorum",
    );
    expect(
      whatIfText({ realm: "realm1", keepsQuorum: false, storesLosingMajority: ["orders"] }),
    ).toBe("If realm1 fails: loses quorum; orders loses their majority");
    expect(
      whatIfText({
        realm: "realm1",
        keepsQuorum: true,
        storesLosingMajority: ["a", "b", "c", "d", "e"],
      }),
    ).toBe("If realm1 fails: keeps quorum; a, b, c and 2 more lose their majority");
  });

  it("times steps", () => {
    const step: OperationStep = {
      name: "restart realm2",
      status: "running",
      startedAt: "2025-01-01T00:00:00.000Z",
      finishedAt: null,
      message: null,
    };
    const now = Date.parse("2025-01-01T00:00:02.500Z");
    expect(stepElapsedMs(step, now)).toBe(2500);
    expect(stepElapsedMs({ ...step, finishedAt: "2025-01-01T00:00:01.200Z" }, now)).toBe(1200);
    expect(stepElapsedMs({ ...step, startedAt: null }, now)).toBeNull();
    expect(formatDuration(2500)).toBe("2.5 s");
    expect(formatDuration(125_000)).toBe("2m 05s");
  });
});
