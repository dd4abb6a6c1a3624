import type { ClientSession } from "@em/contracts";
import { CheckIcon } from "../../components/icons.js";
import { formatCount } from "../../lib/format.js";

/** "exact" when the SDK saw no event lost or duplicated; a plain client cannot say. */
export function ExactTag({
  session,
}: {
  session: Pick<ClientSession, "sdk" | "lost" | "duplicated">;
}) {
  if (!session.sdk)
    return (
      <span className="muted small" title="Only SDK sessions report gaps and duplicates">
        unknown
      </span>
    );
  if (session.lost === 0 && session.duplicated === 0)
    return (
      <span className="exact-tag text-ok" data-testid="exact">
        <CheckIcon width={12} height={12} /> exact
      </span>
    );
  return (
    <span className="exact-tag text-danger" data-testid="not-exact">
      {formatCount(session.lost)} lost, {formatCount(session.duplicated)} duplicated
    </span>
  );
}
