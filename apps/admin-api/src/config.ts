import { resolve } from "node:path";
import { z } from "zod";
import { API_RATE_LIMIT_PER_MINUTE } from "./http/api-rate-limit.js";

/** The monorepo root, so the default data folder does not depend on the working directory. */
const REPO_ROOT = resolve(import.meta.dirname, "..", "..", "..");

/** @default "<repo>/.data/admin-api" */
export const DEFAULT_DATA_DIR = resolve(REPO_ROOT, ".data", "admin-api");

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

const milliseconds = (fallback: number, min: number) =>
  z.coerce.number().int().min(min).default(fallback);

const EnvSchema = z
  .object({
    EM_HOST: z.string().trim().min(1).default("127.0.0.1"),
    // 0 lets the OS choose a port (in-process tests).
    EM_PORT: z.coerce.number().int().min(0).max(65535).default(7800),
    EM_DATA_DIR: z.string().trim().min(1).default(DEFAULT_DATA_DIR),
    EM_ADMIN_PASSWORD: optionalString.pipe(
      z.string().min(8, "EM_ADMIN_PASSWORD must have at least 8 characters").optional(),
    ),
    EM_WEB_DIST: optionalString,
    EM_LOG_LEVEL: z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
      .default("info"),
    EM_POLL_INTERVAL_MS: milliseconds(1000, 100),
    EM_REALM_TIMEOUT_MS: milliseconds(800, 100),
    EM_REGISTER_HOST_URL: optionalString,
    EM_REGISTER_HOST_TOKEN: optionalString,
    // A session ends 12 h after login, or after 60 min without a request, whichever comes first.
    EM_SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
    // last_seen is written at most once a minute, so a shorter idle limit could not be honoured.
    EM_SESSION_IDLE_MINUTES: z.coerce.number().min(5).default(60),
    // Requests per minute per session (or address); 0 turns the limit off (benchmarks).
    EM_API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(API_RATE_LIMIT_PER_MINUTE),
    EM_ALLOWED_ORIGINS: z
      .string()
      .default("")
      .transform((list) =>
        list
          .split(",")
          .map((origin) => origin.trim().replace(/\/+$/, ""))
          .filter((origin) => origin !== ""),
      ),
  })
  .refine(
    (env) =>
      (env.EM_REGISTER_HOST_URL === undefined) === (env.EM_REGISTER_HOST_TOKEN === undefined),
    {
      message: "EM_REGISTER_HOST_URL and EM_REGISTER_HOST_TOKEN go together: set both or neither",
    },
  );

/** Everything the admin API reads from its environment, parsed once. */
export interface Config {
  host: string;
  /** 0 picks a free port. */
  port: number;
  dataDir: string;
  /** The first admin's password; generated and printed once when absent. */
  adminPassword: string | undefined;
  /** Folder of the built SPA to serve, if any. */
  webDist: string | undefined;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  pollIntervalMs: number;
  /** How long one realm may take to answer a poll before it counts as unresponsive. */
  realmTimeoutMs: number;
  /** A realmd to register at start-up when no host with its URL exists yet. */
  registerHost: { url: string; token: string } | undefined;
  /** Absolute session lifetime from login. @default 12 h (`EM_SESSION_TTL_HOURS`) */
  sessionTtlMs: number;
  /** A session unused this long ends. @default 60 min (`EM_SESSION_IDLE_MINUTES`) */
  sessionIdleMs: number;
  /** Extra browser origins allowed on the live socket (the Vite dev server). */
  allowedOrigins: string[];
  /** /api requests per minute per session, or per address without one; 0 = no limit. @default 1200 */
  rateLimitPerMinute: number;
}

/** Parses an environment; throws an Error that names every bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join(".") || "environment"}: ${issue.message}`)
      .join("; ");
    throw new Error(`Invalid admin-api configuration: ${problems}`);
  }
  const e = parsed.data;
  return {
    host: e.EM_HOST,
    port: e.EM_PORT,
    dataDir: resolve(e.EM_DATA_DIR),
    adminPassword: e.EM_ADMIN_PASSWORD,
    webDist: e.EM_WEB_DIST === undefined ? undefined : resolve(e.EM_WEB_DIST),
    logLevel: e.EM_LOG_LEVEL,
    pollIntervalMs: e.EM_POLL_INTERVAL_MS,
    realmTimeoutMs: e.EM_REALM_TIMEOUT_MS,
    registerHost:
      e.EM_REGISTER_HOST_URL !== undefined && e.EM_REGISTER_HOST_TOKEN !== undefined
        ? { url: e.EM_REGISTER_HOST_URL, token: e.EM_REGISTER_HOST_TOKEN }
        : undefined,
    sessionTtlMs: e.EM_SESSION_TTL_HOURS * 3_600_000,
    sessionIdleMs: e.EM_SESSION_IDLE_MINUTES * 60_000,
    allowedOrigins: e.EM_ALLOWED_ORIGINS,
    rateLimitPerMinute: e.EM_API_RATE_LIMIT_PER_MINUTE,
  };
}

/** The process's configuration: the one place that reads `process.env`. */
export function loadConfig(): Config {
  return parseConfig(process.env);
}
