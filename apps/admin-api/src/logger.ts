import { pino, type Logger } from "pino";
import type { Config } from "./config.js";

export type { Logger };

/**
 * Secrets never reach the log, whatever object a caller hands pino: session cookies,
 * bearer tokens (ours and realmd's), passwords.
 */
const REDACT_PATHS = [
  "req.headers.authorization",
  "req.headers.cookie",
  'res.headers["set-cookie"]',
  "headers.authorization",
  "headers.cookie",
  "password",
  "token",
  "*.password",
  "*.token",
  "*.passwordHash",
  "*.currentPassword",
  "*.newPassword",
  "*.pass",
  "*.*.password",
  "*.*.token",
  "*.authorization",
  "*.cookie",
];

export function createLogger(level: Config["logLevel"]): Logger {
  return pino({
    name: "admin-api",
    level,
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
  });
}
