/** What a drill's window saw of one session: its longest stall. */
export interface StallWindow {
  /** Ends the window; `pendingMs` is how long the session's oldest unfinished event has waited. */
  close(pendingMs: number): number;
}

/**
 * The longest an event took through one session while a window was open: a publisher's from
 * sending to the cluster's acknowledgement, a subscriber's from the publisher sending it to its
 * delivery. Event latency, not time between events, so the figure does not depend on the rate.
 */
export class StallMeter {
  private readonly open = new Set<{ maxMs: number }>();

  record(tookMs: number): void {
    for (const window of this.open) window.maxMs = Math.max(window.maxMs, tookMs);
  }

  window(): StallWindow {
    const window = { maxMs: 0 };
    this.open.add(window);
    return {
      close: (pendingMs) => {
        this.open.delete(window);
        return Math.max(window.maxMs, pendingMs);
      },
    };
  }
}
