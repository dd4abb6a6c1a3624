/**
 * The session's connection state, as UM's reconnect handler sees it. `realm` is the realm's
 * name (its server name), `rname` the list entry used to reach it.
 */
export type SessionStatus =
  | { type: "connected"; realm: string; rname: string }
  | { type: "disconnected"; realm: string; rname: string; reason: string }
  | { type: "reconnecting"; attempt: number; next: string; delayMs: number }
  | { type: "reconnected"; realm: string; rname: string; fromRealm: string; stallMs: number }
  | { type: "closed"; error: Error | undefined };

export type SessionStatusType = SessionStatus["type"];
export type StatusOf<T extends SessionStatusType> = Extract<SessionStatus, { type: T }>;
export type StatusListener<T extends SessionStatusType> = (status: StatusOf<T>) => void;

/**
 * Fans status changes out to listeners and to async iterators. Each iterator sees every status
 * emitted after it was created and ends after `closed`.
 */
export class StatusFeed {
  private readonly listeners = new Set<(status: SessionStatus) => void>();
  private closed: StatusOf<"closed"> | undefined;

  on<T extends SessionStatusType>(type: T, listener: StatusListener<T>): () => void {
    const wrapped = (status: SessionStatus) => {
      if (status.type === type) listener(status as StatusOf<T>);
    };
    this.listeners.add(wrapped);
    return () => this.listeners.delete(wrapped);
  }

  emit(status: SessionStatus): void {
    if (this.closed) return;
    if (status.type === "closed") this.closed = status;
    for (const listener of [...this.listeners]) {
      try {
        listener(status);
      } catch {
        // A throwing listener must not break failover or the other listeners.
      }
    }
  }

  iterate(): AsyncIterableIterator<SessionStatus> {
    const buffered: SessionStatus[] = [];
    let wake: (() => void) | undefined;
    let ended = this.closed !== undefined;
    const listener = (status: SessionStatus) => {
      buffered.push(status);
      wake?.();
    };
    if (!ended) this.listeners.add(listener);
    const stop = () => {
      ended = true;
      this.listeners.delete(listener);
    };
    const iterator: AsyncIterableIterator<SessionStatus> = {
      next: async () => {
        while (buffered.length === 0 && !ended) {
          await new Promise<void>((resolve) => (wake = resolve));
          wake = undefined;
        }
        const status = buffered.shift();
        if (status === undefined) return { done: true, value: undefined };
        if (status.type === "closed") stop();
        return { done: false, value: status };
      },
      return: () => {
        stop();
        wake?.();
        return Promise.resolve({ done: true, value: undefined });
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }
}
