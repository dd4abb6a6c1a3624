import { REALMS_POLL_INTERVAL_MS } from "../data/realms.js";
import { useLiveStatus, type LiveStatus } from "../live/live-status.js";

const LABEL: Readonly<Record<LiveStatus, string>> = {
  connecting: "Connecting…",
  live: "Live",
  polling: `Polling every ${REALMS_POLL_INTERVAL_MS / 1000} s`,
};

const HINT: Readonly<Record<LiveStatus, string>> = {
  connecting: "Opening the live feed",
  live: "Realm changes are pushed to this page as they happen",
  polling: "The live feed is down; the page polls the admin API until it reconnects",
};

/** Says whether the page is live (socket) or falling back to polling. */
export function LiveIndicator() {
  const status = useLiveStatus();
  return (
    <span
      className={`live live--${status}`}
      title={HINT[status]}
      role="status"
      data-testid="live-status"
      data-status={status}
    >
      <span className="live__dot" aria-hidden="true" />
      {LABEL[status]}
    </span>
  );
}
