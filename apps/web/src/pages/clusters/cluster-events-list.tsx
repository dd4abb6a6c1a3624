import { describeClusterEvent, useListClusterEventsQuery } from "../../data/cluster-events.js";
import { CLUSTER_EVENTS_CAP } from "../../data/cluster-events.js";

function timeOf(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleTimeString(undefined, { hour12: false }) +
        `.${String(date.getMilliseconds()).padStart(3, "0")}`;
}

/** Live cluster events since the console opened, newest first. */
export function ClusterEventsList({ cluster, live }: { cluster: string; live: boolean }) {
  const { data: events } = useListClusterEventsQuery(cluster);
  return (
    <section className="panel" aria-labelledby="events-title">
      <h2 id="events-title" className="section-title">
        Live events{" "}
        <span className="muted small">
          newest first, last {CLUSTER_EVENTS_CAP}
          {live ? "" : " · the live feed is down: events resume when it reconnects"}
        </span>
      </h2>
      {events.length === 0 ? (
        <p className="muted small" data-testid="cluster-events-empty">
          No events since this console opened. Master changes, quorum lost or reached and member
          state changes appear here as they happen.
        </p>
      ) : (
        <ol className="events plain-list" data-testid="cluster-events">
          {events.map((event, i) => {
            const { tone, text } = describeClusterEvent(event);
            return (
              <li
                key={`${event.at}-${event.type}-${i}`}
                className={`event event--${tone}`}
                data-type={event.type}
              >
                <time className="event__time" dateTime={event.at}>
                  {timeOf(event.at)}
                </time>
                <code className="event__type">{event.type}</code>
                <span>{text}</span>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
