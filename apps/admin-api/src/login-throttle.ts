import { ApiError } from "@em/contracts";

/** @default 10 — failed logins per client address and username within the window. */
export const MAX_FAILURES_PER_USER = 10;
/** @default 50 — failed logins per client address, whatever the username (password spraying). */
export const MAX_FAILURES_PER_CLIENT = 50;
/**
 * @default 100 — failed logins for one username from all clients together: a guessing campaign
 * spread over many addresses is slowed as well. High, so one person's typos never reach it.
 */
export const MAX_FAILURES_PER_ACCOUNT = 100;
/** @default 300000 */
export const FAILURE_WINDOW_MS = 5 * 60_000;
// Bounds memory under a flood of distinct addresses; expired entries are dropped first.
const MAX_TRACKED_KEYS = 10_000;

interface Window {
  failures: number;
  resetAt: number;
}

/**
 * Slows password guessing: after too many failed logins from one client, further attempts are
 * refused with RATE_LIMITED until the window ends — before any argon2 work is spent on them.
 */
export class LoginThrottle {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Throws RATE_LIMITED while this client (or this client and username) is locked out. */
  check(client: string, username: string): void {
    for (const [key, max] of this.keys(client, username)) {
      const window = this.windows.get(key);
      if (!window || window.resetAt <= this.now() || window.failures < max) continue;
      const retryAfterSeconds = Math.ceil((window.resetAt - this.now()) / 1000);
      throw new ApiError(
        "RATE_LIMITED",
        `Too many failed logins: try again in ${retryAfterSeconds} s`,
        {
          details: { retryAfterSeconds },
        },
      );
    }
  }

  recordFailure(client: string, username: string): void {
    if (this.windows.size >= MAX_TRACKED_KEYS) this.prune();
    for (const [key] of this.keys(client, username)) {
      const window = this.windows.get(key);
      if (window && window.resetAt > this.now()) window.failures++;
      else this.windows.set(key, { failures: 1, resetAt: this.now() + FAILURE_WINDOW_MS });
    }
  }

  /**
   * A successful login clears that user's count from this client (not the client's, which guards
   * against spraying, nor the account's, which guards against guessing from many addresses).
   */
  recordSuccess(client: string, username: string): void {
    this.windows.delete(`user:${client}:${username.toLowerCase()}`);
  }

  private keys(client: string, username: string): [string, number][] {
    return [
      [`user:${client}:${username.toLowerCase()}`, MAX_FAILURES_PER_USER],
      [`client:${client}`, MAX_FAILURES_PER_CLIENT],
      [`account:${username.toLowerCase()}`, MAX_FAILURES_PER_ACCOUNT],
    ];
  }

  private prune(): void {
    const now = this.now();
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
    if (this.windows.size >= MAX_TRACKED_KEYS) this.windows.clear();
  }
}
