// The contract between the browser test and its page: the page exposes `window.sdkPage`, the test
// drives it through `page.evaluate`. Everything crossing that boundary is plain JSON.

/** A session status as the page saw it, with the error of `closed` turned into text. */
export interface PageStatus {
  type: "connected" | "disconnected" | "reconnecting" | "reconnected" | "closed";
  realm?: string;
  fromRealm?: string;
  reason?: string;
  stallMs?: number;
  error?: string;
  /** performance.now() in the page when it came. */
  at: number;
}

/** What the page has seen so far. */
export interface PageProgress {
  /** The realm the session is on now, or null between realms. */
  realm: string | null;
  statuses: PageStatus[];
  /** [EID, event number] of every acknowledged publish, in acknowledgement order. */
  acks: [number, number][];
  /** [EID, event number] of every event the subscription handed over, in arrival order. */
  received: [number, number][];
  /** Event numbers of queue events the page's consumer handled and acknowledged, in order. */
  queueAcked: number[];
  /** Failures the page caught (a publish, the subscription): the test fails on any. */
  errors: string[];
}

/** Credentials by realm port: realmd gives every realm its own application password. */
export type CredentialsByPort = Record<number, { user: string; pass: string }>;

export interface SdkPage {
  /** Creates the session over `rnames` and resolves with the first realm it reached. */
  connect(rnames: string, credentials: CredentialsByPort): Promise<string>;
  /** Subscribes to `channel` from EID 1 and records every event it gets. */
  subscribe(channel: string): Promise<void>;
  /**
   * Publishes events 1…count with `publish()`, one in flight at a time, in the background:
   * the order across a failover then holds (see the SDK README). A short pause between events
   * keeps the stream going long enough for the test to kill a realm in the middle of it.
   */
  startPublishing(channel: string, count: number, pauseMs: number): void;
  /** Pushes events 1…count onto `queue`, then consumes them with explicit acks. */
  startQueue(queue: string, count: number): Promise<void>;
  progress(): PageProgress;
  close(): Promise<void>;
}

declare global {
  interface Window {
    sdkPage: SdkPage;
  }
}

/** Text of event n: what the page publishes and parses back. */
export const eventText = (n: number) => `event ${n}`;
export const eventNumber = (text: string) => Number(/^event (\d+)$/.exec(text)?.[1] ?? Number.NaN);
