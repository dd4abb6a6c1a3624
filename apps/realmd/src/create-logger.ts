import { pino, type Logger } from "pino";
import type { LogLevel } from "./config.js";

/** JSON lines on stdout. Secrets are redacted should one ever reach a log call. */
export function createLogger(level: LogLevel): Logger {
  return pino({
    name: "realmd",
    level,
    redact: {
      paths: [
        "token",
        "password",
        "*.token",
        "*.password",
        "credentials",
        "*.credentials",
        "authorization",
        "*.authorization",
      ],
      censor: "[redacted]",
    },
  });
}
