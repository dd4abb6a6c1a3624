import type { StoreEvent } from "@em/contracts";
import { formatBytes } from "../../lib/format.js";
import { hexDump } from "./event-data.js";

/** One event as snooped: EID, time, size, tag, properties, then its data as text or hex. */
export function StoreEventItem({ event }: { event: StoreEvent }) {
  const properties = Object.entries(event.properties);
  return (
    <li className="snoop-event" data-testid={`event-${event.eid}`} data-eid={event.eid}>
      <div className="snoop-event__meta">
        <span className="snoop-event__eid">EID {event.eid}</span>
        <time dateTime={event.timestamp} className="muted small">
          {new Date(event.timestamp).toLocaleString()}
        </time>
        <span className="muted small">{formatBytes(event.size)}</span>
        {event.tag !== null ? (
          <span className="chip" title="Tag" data-testid="event-tag">
            tag: {event.tag}
          </span>
        ) : null}
        {properties.map(([key, value]) => (
          <span key={key} className="chip chip--property" title="Property">
            {key}={value}
          </span>
        ))}
      </div>
      {event.encoding === "hex" ? (
        <div className="snoop-event__data">
          <span className="badge badge--unknown" title="Not printable text: shown as hex bytes">
            hex
          </span>
          <pre className="snoop-event__pre" data-testid="event-data" data-encoding="hex">
            {hexDump(event.data)}
          </pre>
        </div>
      ) : (
        <pre className="snoop-event__pre" data-testid="event-data" data-encoding="text">
          {event.data === "" ? <span className="muted">(empty)</span> : event.data}
        </pre>
      )}
    </li>
  );
}
