/**
 * How long pushes gather before they reach the query cache: at most one render per interval,
 * however many events a burst brings.
 * @default 150
 */
export const LIVE_FLUSH_INTERVAL_MS = 150;

export interface EventBatcher<T> {
  push(event: T): void;
  /** Hands over what is gathered now (before a reconnect, or on close). */
  flush(): void;
  /** Flushes what is gathered and stops. */
  dispose(): void;
}

/**
 * Gathers events and hands them to `onFlush` together, at most once per `flushIntervalMs`.
 * The first event of a quiet period starts the timer, so a lone event waits one interval at most.
 */
export function createEventBatcher<T>(
  onFlush: (batch: T[]) => void,
  { flushIntervalMs = LIVE_FLUSH_INTERVAL_MS }: { flushIntervalMs?: number } = {},
): EventBatcher<T> {
  let buffer: T[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;

  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (buffer.length === 0) return;
    const batch = buffer;
    buffer = [];
    onFlush(batch);
  };

  return {
    push(event) {
      if (disposed) return;
      buffer.push(event);
      timer ??= setTimeout(flush, flushIntervalMs);
    },
    flush,
    dispose() {
      flush();
      disposed = true;
    },
  };
}

/**
 * Calls `fn` at most once per `intervalMs`: the first call runs at once, calls during the
 * interval collapse into one trailing call at its end. For refetches a burst would repeat.
 */
export function createThrottle(
  fn: () => void,
  intervalMs: number,
): { call(): void; cancel(): void } {
  let lastRunMs = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = () => {
    timer = undefined;
    lastRunMs = Date.now();
    fn();
  };
  return {
    call() {
      if (timer !== undefined) return;
      const waitMs = lastRunMs + intervalMs - Date.now();
      if (waitMs <= 0) run();
      else timer = setTimeout(run, waitMs);
    },
    cancel() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
