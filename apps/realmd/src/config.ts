import { isAbsolute, join, resolve } from "node:path";
import { z } from "zod";

/** The monorepo's root folder: defaults for the data dir and the bundled nats-server hang off it. */
export const repoRoot = resolve(import.meta.dirname, "..", "..", "..");

/** @default "127.0.0.1" */
export const DEFAULT_REALMD_HOST = "127.0.0.1";
/** @default 7700 */
export const DEFAULT_REALMD_PORT = 7700;
/** @default "<repo>/.data/realmd" */
export const DEFAULT_REALMD_DATA_DIR = join(repoRoot, ".data", "realmd");
/** Where `npm run setup` unpacks nats-server. */
export const BUNDLED_NATS_SERVER = join(
  repoRoot,
  ".tools",
  "nats-server",
  "usr",
  "sbin",
  "nats-server",
);

export const MIN_TOKEN_LENGTH = 16;

const LogLevelSchema = z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]);
export type LogLevel = z.infer<typeof LogLevelSchema>;

const FlagSchema = z
  .enum(["true", "false", "1", "0", "yes", "no"], {
    error: "use true or false",
  })
  .transform((value) => value === "true" || value === "1" || value === "yes");

const EnvSchema = z.object({
  REALMD_HOST: z.string().default(DEFAULT_REALMD_HOST),
  REALMD_PORT: z.coerce
    .number({ error: "REALMD_PORT must be a number" })
    .int()
    .min(1)
    .max(65535)
    .default(DEFAULT_REALMD_PORT),
  REALMD_DATA_DIR: z.string().default(DEFAULT_REALMD_DATA_DIR),
  REALMD_TOKEN: z
    .string({
      error: `REALMD_TOKEN is required: set it to a secret of at least ${MIN_TOKEN_LENGTH} characters (e.g. \`openssl rand -hex 24\`)`,
    })
    .min(MIN_TOKEN_LENGTH, `REALMD_TOKEN must be at least ${MIN_TOKEN_LENGTH} characters long`),
  NATS_SERVER_BIN: z.string().optional(),
  REALMD_LOG_LEVEL: LogLevelSchema.default("info"),
  REALMD_KEEP_REALMS_ON_EXIT: FlagSchema.default(false),
});

export interface RealmdConfig {
  host: string;
  port: number;
  /** Absolute. */
  dataDir: string;
  token: string;
  /** nats-server binaries to try, in order: NATS_SERVER_BIN alone, else the bundled one and the PATH. */
  engineCandidates: string[];
  logLevel: LogLevel;
  /** Leave realms running when realmd exits, for the next realmd to adopt. */
  keepRealmsOnExit: boolean;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/** Reads realmd's settings from the environment; the only place that does. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): RealmdConfig {
  // An empty variable means "not set" (`REALMD_PORT= npm start`), not an invalid value.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ""));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid realmd configuration:\n  ${lines.join("\n  ")}`);
  }
  const vars = parsed.data;
  const dataDir = isAbsolute(vars.REALMD_DATA_DIR)
    ? vars.REALMD_DATA_DIR
    : resolve(vars.REALMD_DATA_DIR);
  return {
    host: vars.REALMD_HOST,
    port: vars.REALMD_PORT,
    dataDir,
    token: vars.REALMD_TOKEN,
    engineCandidates: vars.NATS_SERVER_BIN
      ? [vars.NATS_SERVER_BIN]
      : [BUNDLED_NATS_SERVER, "nats-server"],
    logLevel: vars.REALMD_LOG_LEVEL,
    keepRealmsOnExit: vars.REALMD_KEEP_REALMS_ON_EXIT,
  };
}
