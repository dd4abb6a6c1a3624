import { ApiError, type Preflight } from "@em/contracts";

/** Refuses a change whose preflight has errors, with the preflight attached for the UI. */
export function assertPreflight(preflight: Preflight, what: string): void {
  if (preflight.ok) return;
  const errors = preflight.checks.filter((c) => c.level === "error").map((c) => c.message);
  throw new ApiError("PREFLIGHT_FAILED", `Cannot ${what}: ${errors.join("; ")}`, {
    details: { preflight },
  });
}
