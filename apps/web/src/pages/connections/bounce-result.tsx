import type { Bounced } from "@em/contracts";
import { Link } from "../../components/link.js";
import { useGetSessionQuery } from "../../data/sessions.js";

/** How often a bounced session is asked where it went, until it has moved. @default 1_000 */
export const BOUNCE_FOLLOW_INTERVAL_MS = 1_000;

function FollowSession({ bounced, name }: { bounced: Bounced; name: string }) {
  const hasMoved = (realm: string | null) => realm !== null && realm !== bounced.realm;
  const query = useGetSessionQuery(name, {
    live: true,
    pollMs: BOUNCE_FOLLOW_INTERVAL_MS,
    settled: (detail) => hasMoved(detail.session.realm),
  });
  const realm = query.data?.session.realm ?? null;
  const moved = hasMoved(realm);
  return (
    <p>
      {moved ? (
        <>
          <strong>{name}</strong> moved from {bounced.realm} to <strong>{realm}</strong>.
        </>
      ) : (
        <>
          <span className="spinner spinner--small" aria-hidden="true" /> Waiting for{" "}
          <strong>{name}</strong> to reconnect elsewhere…
        </>
      )}{" "}
      <Link to={{ page: "session", session: name }} data-testid="bounce-timeline">
        See its timeline
      </Link>
    </p>
  );
}

/** After a bounce: the session's new realm once it reconnects, and a link to its timeline. */
export function BounceResult({ bounced, onDismiss }: { bounced: Bounced; onDismiss: () => void }) {
  return (
    <div
      className="notice notice--info"
      role="status"
      data-testid="bounce-result"
      data-cid={bounced.cid}
      data-session={bounced.name ?? ""}
    >
      <p className="notice__title">
        Connection {bounced.cid} on {bounced.realm} was closed.
      </p>
      {bounced.name ? (
        <FollowSession bounced={bounced} name={bounced.name} />
      ) : (
        <p className="muted small">The client gave no name, so its session cannot be followed.</p>
      )}
      <p>
        <button type="button" className="link-button" onClick={onDismiss}>
          Dismiss
        </button>
      </p>
    </div>
  );
}
