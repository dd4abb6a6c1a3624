/** How much client-session history the admin API keeps (issue 6: "a retention limit"). */

/** @default 86400000 — sessions without an open connection and silent for 24 h are forgotten, with their timelines. */
export const SESSION_RETENTION_MS = 24 * 3_600_000;

/** @default 10000 — at most this many sessions without an open connection; the least recently active go first. */
export const MAX_IDLE_SESSIONS = 10_000;

/** @default 200 — timeline entries kept per session, newest first. */
export const MAX_TIMELINE_ENTRIES = 200;

/** @default 60000 — how often the limits above are applied. */
export const RETENTION_SWEEP_MS = 60_000;
