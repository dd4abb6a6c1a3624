import { useState } from "react";
import { ErrorNotice } from "../../components/error-notice.js";
import {
  LIVE_TAIL_INTERVAL_MS,
  SNOOP_PAGE_SIZE,
  useListStoreEventsQuery,
  type SnoopRange,
} from "../../data/stores.js";
import type { StoreParent } from "../../lib/router.js";
import type { StoreEventPage } from "@em/contracts";
import { StoreEventItem } from "./store-event-item.js";
import { newestEid, tailGap, type TailGap } from "./tail-gap.js";

/** How many skipped ranges the panel keeps listing. @default 3 */
const TAIL_GAPS_SHOWN = 3;

interface TailState {
  page: StoreEventPage | undefined;
  shownUpTo: number | null;
  gaps: TailGap[];
}

const NO_TAIL: TailState = { page: undefined, shownUpTo: null, gaps: [] };

function eidOrUndefined(text: string): number | undefined {
  const value = Number.parseInt(text, 10);
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

/**
 * Browses a store's events by EID without consuming them: a range, older and newer pages,
 * and a live tail that fetches the newest page every second while it is on.
 */
export function SnoopPanel({ parent, store }: { parent: StoreParent; store: string }) {
  const [range, setRange] = useState<SnoopRange>({});
  const [liveTail, setLiveTail] = useState(false);
  const [fromText, setFromText] = useState("");
  const [toText, setToText] = useState("");
  // The live tail always reads the newest page, whatever range was chosen before.
  const query = useListStoreEventsQuery(parent, store, liveTail ? {} : range, { liveTail });
  const page = query.data;
  const [tail, setTail] = useState<TailState>(NO_TAIL);
  // Each new tail page is checked against the last one, during render (no effect, no extra
  // pass); placeholder data is the previous range's page, not something the tail showed.
  if (liveTail && page && !query.isPlaceholderData && page !== tail.page) {
    const gap = tailGap(tail.shownUpTo, page.events);
    setTail({
      page,
      shownUpTo: newestEid(page.events, tail.shownUpTo),
      gaps: gap ? [...tail.gaps, gap].slice(-TAIL_GAPS_SHOWN) : tail.gaps,
    });
  }
  const toggleTail = (on: boolean) => {
    setTail(NO_TAIL);
    setLiveTail(on);
  };
  const go = (next: SnoopRange) => {
    setLiveTail(false);
    setRange(next);
  };

  return (
    <section className="panel snoop" aria-labelledby="snoop-title" data-testid="snoop-panel">
      <div className="panel__header">
        <h2 id="snoop-title" className="section-title">
          Snoop{" "}
          <span className="muted small">
            {page && page.lastEid > 0
              ? `EIDs ${page.firstEid}–${page.lastEid} stored; reading consumes nothing`
              : "reading consumes nothing"}
          </span>
        </h2>
        <label
          className="switch"
          title={`Fetch the newest page every ${LIVE_TAIL_INTERVAL_MS / 1000} s`}
        >
          <input
            type="checkbox"
            checked={liveTail}
            onChange={(e) => toggleTail(e.target.checked)}
            data-testid="snoop-live-tail"
          />
          Live tail
          {liveTail ? <span className="live__dot snoop__pulse" aria-hidden="true" /> : null}
        </label>
      </div>
      <form
        className="snoop__range"
        onSubmit={(event) => {
          event.preventDefault();
          go({ fromEid: eidOrUndefined(fromText), toEid: eidOrUndefined(toText) });
        }}
      >
        <label className="field field--inline">
          <span className="field__label">From EID</span>
          <input
            className="input input--number"
            inputMode="numeric"
            value={fromText}
            onChange={(e) => setFromText(e.target.value)}
            placeholder={page?.firstEid ? String(page.firstEid) : "1"}
            data-testid="snoop-from"
          />
        </label>
        <label className="field field--inline">
          <span className="field__label">To EID</span>
          <input
            className="input input--number"
            inputMode="numeric"
            value={toText}
            onChange={(e) => setToText(e.target.value)}
            placeholder={page?.lastEid ? String(page.lastEid) : ""}
            data-testid="snoop-to"
          />
        </label>
        <button type="submit" className="button button--small" data-testid="snoop-go">
          Show
        </button>
        <span className="snoop__paging">
          <button
            type="button"
            className="button button--small"
            disabled={!page?.previousEid}
            onClick={() => page?.previousEid && go({ fromEid: page.previousEid })}
            data-testid="snoop-older"
          >
            ‹ Older
          </button>
          <button
            type="button"
            className="button button--small"
            disabled={!page?.nextEid}
            onClick={() => page?.nextEid && go({ fromEid: page.nextEid })}
            data-testid="snoop-newer"
          >
            Newer ›
          </button>
          <button
            type="button"
            className="button button--small"
            onClick={() => {
              setFromText("");
              setToText("");
              go({});
            }}
            data-testid="snoop-newest"
          >
            Newest
          </button>
        </span>
      </form>
      {tail.gaps.map((gap) => (
        <div key={gap.fromEid} className="notice notice--warning" data-testid="tail-gap">
          <p>
            EIDs {gap.fromEid}–{gap.toEid} arrived faster than the tail shows ({SNOOP_PAGE_SIZE} a
            second) and are not on screen.{" "}
            <button
              type="button"
              className="link-button"
              onClick={() => go({ fromEid: gap.fromEid, toEid: gap.toEid })}
            >
              Show them
            </button>
          </p>
        </div>
      ))}
      {query.isError ? (
        <ErrorNotice error={query.error} title="The events could not be read" />
      ) : null}
      {query.isPending ? (
        <div className="loading" role="status">
          <span className="spinner" aria-hidden="true" /> Reading events…
        </div>
      ) : page && page.events.length === 0 ? (
        <p className="muted" data-testid="snoop-empty">
          {page.lastEid === 0
            ? "No events stored yet. Publish a test event to see it here."
            : "No events in this range."}
        </p>
      ) : page ? (
        <>
          <p className="muted small">
            {page.events.length} of at most {SNOOP_PAGE_SIZE} per page, newest first
          </p>
          <ol className="snoop__events plain-list" data-testid="snoop-events">
            {[...page.events].reverse().map((event) => (
              <StoreEventItem key={event.eid} event={event} />
            ))}
          </ol>
        </>
      ) : null}
    </section>
  );
}
