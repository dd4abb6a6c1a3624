import type { SessionTimelineEntry } from "@em/contracts";
import { formatCount, formatStall } from "../../lib/format.js";
import { formatDuration } from "../clusters/cluster-format.js";
import { clockTime } from "../live/live-event-stream.js";
import { shapeTimeline, timelinePercent, type TimelineShape } from "./session-timeline-shape.js";

function Bands({ shape }: { shape: TimelineShape }) {
  if (shape.realms.length === 0)
    return <p className="muted small">No realm seen yet for this session.</p>;
  return (
    <div className="timeline-bands" data-testid="timeline-bands">
      {shape.realms.map((realm) => (
        <div className="timeline-band" key={realm} data-testid={`timeline-band-${realm}`}>
          <span className="timeline-band__realm">{realm}</span>
          <div className="timeline-band__track">
            {shape.stretches
              .filter((s) => s.realm === realm)
              .map((s) => {
                const left = timelinePercent(shape, s.fromMs);
                const right = timelinePercent(shape, s.toMs ?? shape.endMs);
                return (
                  <span
                    key={s.fromMs}
                    className={`timeline-band__stretch${s.toMs === null ? " timeline-band__stretch--open" : ""}`}
                    style={{ left: `${left}%`, width: `${Math.max(0, right - left)}%` }}
                    title={`${realm}: ${clockTime(new Date(s.fromMs).toISOString())} – ${s.toMs === null ? "now" : clockTime(new Date(s.toMs).toISOString())}`}
                  />
                );
              })}
            {shape.gaps
              .filter((g) => g.toRealm === realm)
              .map((g) => {
                const left = timelinePercent(shape, g.fromMs);
                const right = timelinePercent(shape, g.toMs);
                return (
                  <span
                    key={`gap-${g.fromMs}`}
                    className="timeline-band__gap"
                    style={{ left: `${left}%`, width: `${Math.max(0, right - left)}%` }}
                    title={`No realm for ${formatDuration(g.toMs - g.fromMs)}${g.stallMs === null ? "" : ` (SDK stall ${formatStall(g.stallMs)})`}`}
                  />
                );
              })}
          </div>
        </div>
      ))}
      <div className="timeline-axis" aria-hidden="true">
        <span>{clockTime(new Date(shape.startMs).toISOString())}</span>
        <span>{clockTime(new Date(shape.endMs).toISOString())}</span>
      </div>
    </div>
  );
}

/** The moves between realms in words: time without a realm, and the stall the SDK measured. */
function Gaps({ shape }: { shape: TimelineShape }) {
  if (shape.gaps.length === 0) return null;
  return (
    <ul className="plain-list timeline-gaps small" data-testid="timeline-gaps">
      {shape.gaps.map((gap) => (
        <li
          key={gap.fromMs}
          data-testid="timeline-gap"
          data-gap-ms={gap.toMs - gap.fromMs}
          data-stall-ms={gap.stallMs ?? ""}
        >
          {gap.fromRealm} → {gap.toRealm ?? "no realm"}:{" "}
          <strong>{formatStall(gap.toMs - gap.fromMs)}</strong> without a realm
          {gap.stallMs === null ? "" : `, SDK stall ${formatStall(gap.stallMs)}`}
        </li>
      ))}
    </ul>
  );
}

function entryText(entry: SessionTimelineEntry): string {
  switch (entry.type) {
    case "connected":
      return `connected to ${entry.realm ?? "a realm"}`;
    case "disconnected":
      return `lost ${entry.realm ?? "its realm"}${entry.reason ? ` (${entry.reason})` : ""}`;
    case "closed":
      return `closed on ${entry.realm ?? "its realm"}${entry.reason ? ` (${entry.reason})` : ""}`;
    case "failover":
      return `failed over ${entry.fromRealm ?? "?"} → ${entry.toRealm ?? "?"}`;
  }
}

function EntryDetail({ entry }: { entry: SessionTimelineEntry }) {
  if (entry.type !== "failover") return null;
  const eids = Object.entries(entry.resumeEids);
  const exact = entry.lost === 0 && entry.duplicated === 0;
  return (
    <span className="small">
      {" "}
      · stall <strong>{formatStall(entry.stallMs)}</strong>
      {eids.length > 0 ? (
        <>
          {" "}
          · resumed at{" "}
          {eids.map(([channel, eid], i) => (
            <span key={channel}>
              {i > 0 ? ", " : ""}
              <code>{channel}</code> EID {formatCount(eid)}
            </span>
          ))}
        </>
      ) : null}{" "}
      ·{" "}
      <span className={exact ? "text-ok" : "text-danger"}>
        {exact
          ? "exact"
          : `${formatCount(entry.lost)} lost, ${formatCount(entry.duplicated)} duplicated`}
      </span>
    </span>
  );
}

const TONE: Readonly<Record<SessionTimelineEntry["type"], string>> = {
  connected: "ok",
  disconnected: "danger",
  closed: "neutral",
  failover: "warn",
};

/**
 * Which realm when (a band per realm, gaps hatched), then every entry newest first: the realms'
 * connect and disconnect events and the SDK's failovers with stall, resume EIDs and exactness.
 */
export function SessionTimeline({
  entries,
  nowMs,
}: {
  entries: readonly SessionTimelineEntry[];
  nowMs: number;
}) {
  const shape = shapeTimeline(entries, nowMs);
  const newestFirst = [...entries].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  return (
    <div className="session-timeline" data-testid="session-timeline" data-entries={entries.length}>
      <Bands shape={shape} />
      <Gaps shape={shape} />
      <ol className="events plain-list timeline-list" aria-label="Timeline entries, newest first">
        {newestFirst.map((entry, i) => (
          <li
            key={`${entry.at}-${entry.type}-${i}`}
            className={`event event--${TONE[entry.type]}`}
            data-testid="timeline-entry"
            data-type={entry.type}
            data-source={entry.source}
            data-realm={entry.realm ?? entry.toRealm ?? ""}
            data-stall-ms={entry.stallMs ?? ""}
            data-lost={entry.lost}
            data-duplicated={entry.duplicated}
          >
            <time className="event__time" dateTime={entry.at}>
              {clockTime(entry.at)}
            </time>
            <code
              className="event__type"
              title={`from the ${entry.source === "sdk" ? "SDK's report" : "realm's event"}`}
            >
              {entry.type} · {entry.source}
            </code>
            <span>
              {entryText(entry)}
              <EntryDetail entry={entry} />
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}
