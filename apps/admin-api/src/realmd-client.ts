import { z } from "zod";
import {
  ApiError,
  ApiErrorBodySchema,
  HostedRealmListSchema,
  REALMD_APP_USERS_PATH,
  REALMD_PATHS,
  RealmAppUsersAppliedSchema,
  RealmClusterChangeSchema,
  RealmCredentialsSchema,
  RealmMonitorSchema,
  RealmdHealthSchema,
  type CreateHostedRealm,
  type ErrorCode,
  type HostedRealm,
  type LeaveRealmCluster,
  type RealmAction,
  type RealmAppUsersApplied,
  type RealmClusterChange,
  type RealmCredentials,
  type RealmMonitor,
  type RealmdHealth,
  type SetRealmAppUsers,
  type SetRealmCluster,
} from "@em/contracts";

/** @default 3000 — control calls (health, list) answer from realmd's memory, never from a realm. */
export const REALMD_CONTROL_TIMEOUT_MS = 3_000;

/** @default 20000 — create and actions wait for a realm to start or stop gracefully. */
export const REALMD_ACTION_TIMEOUT_MS = 20_000;

/**
 * realmd's own error codes that mean something to the operator and are passed through as is,
 * so they see realmd's message naming what to fix (a port in use, a realm in the wrong state).
 * Its 401/403 mean *our* token was refused, not the user's session: those become HOST_REJECTED.
 */
const PASSED_THROUGH: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  "VALIDATION",
  "NOT_FOUND",
  "CONFLICT",
  "PORT_IN_USE",
  "INVALID_STATE",
  "ENGINE_UNAVAILABLE",
  "NO_QUORUM",
  "RATE_LIMITED",
  "PAYLOAD_TOO_LARGE",
]);

const CONNECT_PROBLEMS: Readonly<Record<string, string>> = {
  ECONNREFUSED: "connection refused: is realmd running there?",
  ENOTFOUND: "host name not found",
  EAI_AGAIN: "host name could not be resolved",
  EHOSTUNREACH: "no route to host",
  ENETUNREACH: "network unreachable",
  ECONNRESET: "connection reset",
};

function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
}

/** A typed client of one realmd's control API. Every call has a timeout; every failure is an ApiError. */
export class RealmdClient {
  constructor(
    readonly url: string,
    private readonly token: string,
  ) {}

  health(timeoutMs = REALMD_CONTROL_TIMEOUT_MS): Promise<RealmdHealth> {
    return this.request("GET", REALMD_PATHS.health, RealmdHealthSchema, { timeoutMs });
  }

  async listRealms(timeoutMs = REALMD_CONTROL_TIMEOUT_MS): Promise<HostedRealm[]> {
    return (await this.request("GET", REALMD_PATHS.realms, HostedRealmListSchema, { timeoutMs }))
      .realms;
  }

  /**
   * One monitoring sample of a realm. realmd gives the realm `realmTimeoutMs` to answer and
   * reports a timeout itself; `timeoutMs` bounds the whole call in case realmd is the slow one.
   */
  monitor(name: string, realmTimeoutMs: number, timeoutMs: number): Promise<RealmMonitor> {
    const path = `${REALMD_PATHS.realmMonitor(name)}?timeoutMs=${Math.max(1, Math.round(realmTimeoutMs))}`;
    return this.request("GET", path, RealmMonitorSchema, { timeoutMs });
  }

  /** The realm's server-side users, for the admin API's own connections: never logged or forwarded. */
  realmCredentials(name: string, timeoutMs = REALMD_CONTROL_TIMEOUT_MS): Promise<RealmCredentials> {
    return this.request("GET", REALMD_PATHS.realmCredentials(name), RealmCredentialsSchema, {
      timeoutMs,
    });
  }

  async createRealm(realm: CreateHostedRealm, timeoutMs = REALMD_ACTION_TIMEOUT_MS): Promise<void> {
    await this.request("POST", REALMD_PATHS.realms, undefined, { body: realm, timeoutMs });
  }

  async realmAction(
    name: string,
    action: RealmAction,
    timeoutMs = REALMD_ACTION_TIMEOUT_MS,
  ): Promise<void> {
    await this.request("POST", REALMD_PATHS.realmAction(name, action), undefined, { timeoutMs });
  }

  /** Joins or changes a realm's cluster: realmd restarts it to join, reloads it for new routes. */
  setCluster(
    name: string,
    cluster: SetRealmCluster,
    timeoutMs = REALMD_ACTION_TIMEOUT_MS,
  ): Promise<RealmClusterChange> {
    return this.request("PUT", REALMD_PATHS.realmCluster(name), RealmClusterChangeSchema, {
      body: cluster,
      timeoutMs,
    });
  }

  /** Takes a realm out of its cluster: realmd restarts it standalone. */
  leaveCluster(
    name: string,
    leave: LeaveRealmCluster,
    timeoutMs = REALMD_ACTION_TIMEOUT_MS,
  ): Promise<RealmClusterChange> {
    return this.request("DELETE", REALMD_PATHS.realmCluster(name), RealmClusterChangeSchema, {
      body: leave,
      timeoutMs,
    });
  }

  /** Every realm of the host gets these application users; realmd reloads the running ones. */
  setAppUsers(
    users: SetRealmAppUsers,
    timeoutMs = REALMD_ACTION_TIMEOUT_MS,
  ): Promise<RealmAppUsersApplied> {
    return this.request("PUT", REALMD_APP_USERS_PATH, RealmAppUsersAppliedSchema, {
      body: users,
      timeoutMs,
    });
  }

  /** The CA certificate (PEM, public) that clients of the realm's TLS interfaces trust. */
  caCertificate(name: string, timeoutMs = REALMD_CONTROL_TIMEOUT_MS): Promise<string> {
    return this.request("GET", REALMD_PATHS.realmCa(name), z.string().includes("CERTIFICATE"), {
      timeoutMs,
      text: true,
    });
  }

  private async request<S extends z.ZodType | undefined>(
    method: string,
    path: string,
    schema: S,
    /** `text`: a success answer is plain text (a PEM), not JSON. */
    options: { timeoutMs: number; body?: unknown; text?: boolean },
  ): Promise<S extends z.ZodType ? z.output<S> : unknown> {
    let status: number;
    let text: string;
    try {
      const response = await fetch(`${this.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          accept: "application/json",
          ...(options.body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
        redirect: "manual",
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      status = response.status;
      // Read inside the try: a realmd that stalls mid-body is a timeout too.
      text = await response.text();
    } catch (error) {
      throw this.transportError(error, options.timeoutMs);
    }
    const json = options.text && status >= 200 && status <= 299 ? text : parseJson(text);
    if (status < 200 || status > 299) throw this.answerError(status, json);
    if (!schema) return json as never;
    const parsed = schema.safeParse(json);
    if (!parsed.success)
      throw this.notRealmd(
        `its answer to ${method} ${path.split("?")[0]} did not match realmd's API`,
      );
    return parsed.data as never;
  }

  private transportError(error: unknown, timeoutMs: number): ApiError {
    const details = { hostUrl: this.url };
    if (isTimeout(error)) {
      return new ApiError(
        "HOST_TIMEOUT",
        `realmd at ${this.url} did not answer within ${timeoutMs} ms`,
        {
          details,
          cause: error,
        },
      );
    }
    const code = errorCode(error);
    const problem =
      (code && CONNECT_PROBLEMS[code]) ??
      (code ? `connection failed (${code})` : "connection failed");
    return new ApiError("HOST_UNREACHABLE", `Cannot reach realmd at ${this.url}: ${problem}`, {
      details,
      cause: error,
    });
  }

  private answerError(status: number, json: unknown): ApiError {
    if (status === 401 || status === 403) {
      return new ApiError("HOST_REJECTED", `realmd at ${this.url} refused the token`, {
        details: { hostUrl: this.url },
      });
    }
    const body = ApiErrorBodySchema.safeParse(json);
    if (!body.success)
      return this.notRealmd(`it answered HTTP ${status} without realmd's error shape`);
    const { code, message, details } = body.data.error;
    if (PASSED_THROUGH.has(code))
      return new ApiError(code, message, details ? { details } : undefined);
    return new ApiError("HOST_REJECTED", `realmd at ${this.url} failed: ${message}`, {
      details: { hostUrl: this.url, hostCode: code },
    });
  }

  private notRealmd(why: string): ApiError {
    return new ApiError(
      "HOST_REJECTED",
      `${this.url} does not look like realmd (${why}): check the URL`,
      {
        details: { hostUrl: this.url },
      },
    );
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
