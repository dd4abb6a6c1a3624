import { memo } from "react";
import { Link } from "../../components/link.js";
import {
  LIVE_STREAM_CAP,
  describeLiveItem,
  itemConcernsCluster,
  liveItemType,
  useLiveStreamQuery,
  type LiveStreamItem,
} from "../../data/live-stream.js";
import { LIVE_FLUSH_INTERVAL_MS } from "../../live/event-batcher.js";

/** `14:02:07.315`: failovers are compared in milliseconds. */
export function clockTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : `${date.toLocaleTimeString(undefined, { hour12: false })}.${String(date.getMilliseconds()).padStart(3, "0")}`;
}

/** One line; memoised, so a flush renders only the lines it added or changed. */
const LiveEventLine = memo(function LiveEventLine({ item }: { item: LiveStreamItem }) {
  const { tone, text } = describeLiveItem(item);
  const type = liveItemType(item);
  return (
    <li
      className={`event event--${tone}`}
      data-type={type}
      data-testid={item.type === "failover" ? `live-failover-${item.session}` : undefined}
      data-realm={item.type === "connections" ? item.realm : undefined}
      data-opened={item.type === "connections" ? item.opened : undefined}
      data-closed={item.type === "connections" ? item.closed : undefined}
    >
      <time className="event__time" dateTime={item.at}>
        {clockTime(item.at)}
      </time>
      <code className="event__type">{type}</code>
      <span>
        {text}
        {item.type === "failover" ? (
          <>
            {" "}
            <Link to={{ page: "session", session: item.session }} className="small">
              timeline
            </Link>
          </>
        ) : item.type === "drill" && item.status !== "running" ? (
          <>
            {" "}
            <Link to={{ page: "drill", id: item.drillId }} className="small">
              report
            </Link>
          </>
        ) : null}
      </span>
    </li>
  );
});

/**
 * The cluster's live events since the console opened: failovers, quorum, master and member
 * changes, drill steps and connection bursts, newest first. Pushes reach it in batches, so a
 * burst costs one render per flush.
 */
export function LiveEventStream({
  cluster,
  members,
  live,
}: {
  cluster: string;
  members: ReadonlySet<string>;
  live: boolean;
}) {
  const { data: stream } = useLiveStreamQuery();
  const items = stream.items.filter((item) => itemConcernsCluster(item, cluster, members));
  return (
    <section className="panel live-events" aria-labelledby="live-events-title">
      <h2 id="live-events-title" className="section-title">
        Live events{" "}
        <span className="muted small">
          newest first, last {LIVE_STREAM_CAP}, gathered every {LIVE_FLUSH_INTERVAL_MS} ms
          {live ? "" : " · the live feed is down: events resume when it reconnects"}
        </span>
      </h2>
      <ol
        className="events plain-list live-events__list"
        data-testid="live-events"
        data-count={items.length}
        aria-live="off"
      >
        {items.map((item) => (
          <LiveEventLine key={item.id} item={item} />
        ))}
      </ol>
      {items.length === 0 ? (
        <p className="muted small" data-testid="live-events-empty">
          Nothing yet. Failovers, quorum and master changes, member states, drill steps and
          connection bursts appear here as they happen; start demo traffic and run a drill to see
          one.
        </p>
      ) : null}
    </section>
  );
}
