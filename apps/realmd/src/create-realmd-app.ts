import { hostname } from "node:os";
import {
  ApiError,
  CreateHostedRealmSchema,
  LeaveRealmClusterSchema,
  REALMD_PATHS,
  RealmActionParamsSchema,
  REALMD_APP_USERS_PATH,
  RealmParamsSchema,
  SetRealmAppUsersSchema,
  SetRealmClusterSchema,
  validationError,
  type HostedRealmList,
  type RealmCredentials,
  type RealmdHealth,
} from "@em/contracts";
import express, { type ErrorRequestHandler, type Request } from "express";
import type { Logger } from "pino";
import { z } from "zod";
import { bearerAuth } from "./bearer-auth.js";
import type { RealmManager } from "./realm-manager.js";
import { DEFAULT_SAMPLE_TIMEOUT_MS } from "./sample-realm.js";

/** @default "64kb" */
export const BODY_LIMIT = "64kb";

export interface RealmdAppDeps {
  manager: RealmManager;
  token: string;
  logger: Logger;
  version: string;
}

const MonitorQuerySchema = z.object({
  timeoutMs: z.coerce
    .number({ error: "timeoutMs is a number of milliseconds" })
    .int()
    .min(100, "timeoutMs is at least 100")
    .max(5000, "timeoutMs is at most 5000")
    .default(DEFAULT_SAMPLE_TIMEOUT_MS),
});

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(what, result.error);
  return result.data;
}

function jsonBody(req: Request): unknown {
  if (req.body === undefined) {
    throw new ApiError("VALIDATION", "Send a JSON body with `content-type: application/json`", {
      details: { issues: [{ path: "", message: "a JSON body is required" }] },
    });
  }
  return req.body;
}

/** body-parser's own errors, told apart by their `type`. */
function bodyParserError(error: unknown): ApiError | null {
  const type = (error as { type?: unknown } | null)?.type;
  if (type === "entity.parse.failed") {
    return new ApiError("VALIDATION", `The body is not valid JSON: ${(error as Error).message}`, {
      details: { issues: [{ path: "", message: "malformed JSON" }] },
    });
  }
  if (type === "entity.too.large") {
    return new ApiError("PAYLOAD_TOO_LARGE", `The body is larger than ${BODY_LIMIT}`);
  }
  // The rest (bad charset or encoding, aborted upload, …) are the client's to fix too.
  const status = (error as { status?: unknown }).status;
  if (typeof type === "string" && typeof status === "number" && status >= 400 && status < 500) {
    return new ApiError("VALIDATION", `The body could not be read: ${(error as Error).message}`);
  }
  return null;
}

/** realmd's control API. Built from its dependencies so tests can run it in-process. */
export function createRealmdApp(deps: RealmdAppDeps): express.Express {
  const { manager, logger } = deps;
  const app = express();
  app.disable("x-powered-by");

  app.use((req, res, next) => {
    const began = performance.now();
    res.on("finish", () => {
      logger.debug(
        {
          method: req.method,
          path: req.path,
          status: res.statusCode,
          ms: Math.round(performance.now() - began),
        },
        "request",
      );
    });
    next();
  });
  // Authenticate before reading any body: strangers do not get to make us parse JSON.
  app.use(bearerAuth(deps.token));
  app.use(express.json({ limit: BODY_LIMIT }));

  app.get(REALMD_PATHS.health, (_req, res) => {
    const health: RealmdHealth = {
      status: "ok",
      version: deps.version,
      hostname: hostname(),
      realmCount: manager.realmCount,
      engine: manager.engineInfo,
    };
    res.json(health);
  });

  app.get(REALMD_PATHS.realms, (_req, res) => {
    const list: HostedRealmList = { realms: manager.list() };
    res.json(list);
  });

  app.post(REALMD_PATHS.realms, async (req, res) => {
    const input = parse(CreateHostedRealmSchema, jsonBody(req), "realm");
    res.status(201).json(await manager.create(input));
  });

  app.get("/v1/realms/:name", (req, res) => {
    const { name } = parse(RealmParamsSchema, req.params, "realm name");
    res.json(manager.get(name));
  });

  app.delete("/v1/realms/:name", async (req, res) => {
    const { name } = parse(RealmParamsSchema, req.params, "realm name");
    await manager.remove(name);
    res.status(204).end();
  });

  app.post("/v1/realms/:name/actions/:action", async (req, res) => {
    const { name, action } = parse(RealmActionParamsSchema, req.params, "realm action");
    res.json(await manager.act(name, action));
  });

  app.get("/v1/realms/:name/monitor", async (req, res) => {
    const { name } = parse(RealmParamsSchema, req.params, "realm name");
    const { timeoutMs } = parse(MonitorQuerySchema, req.query, "monitor query");
    res.json(await manager.monitor(name, timeoutMs));
  });

  app.put("/v1/realms/:name/cluster", async (req, res) => {
    const { name } = parse(RealmParamsSchema, req.params, "realm name");
    const input = parse(SetRealmClusterSchema, jsonBody(req), "cluster");
    res.json(await manager.setCluster(name, input));
  });

  app.delete("/v1/realms/:name/cluster", async (req, res) => {
    const { name } = parse(RealmParamsSchema, req.params, "realm name");
    // The body is optional: leaving clears the meta state unless told otherwise.
    const input = parse(LeaveRealmClusterSchema, req.body ?? {}, "cluster leave");
    res.json(await manager.leaveCluster(name, input));
  });

  // The host's application credentials (bcrypt hashes): the admin API sends the whole list.
  app.put(REALMD_APP_USERS_PATH, async (req, res) => {
    const input = parse(SetRealmAppUsersSchema, jsonBody(req), "application users");
    res.json(await manager.setAppUsers(input));
  });

  // Secrets: only ever in this answer, never in a log line (the request log has no bodies).
  app.get("/v1/realms/:name/credentials", (req, res) => {
    const { name } = parse(RealmParamsSchema, req.params, "realm name");
    const credentials: RealmCredentials = manager.credentials(name);
    res.set("cache-control", "no-store").json(credentials);
  });

  // Public: the CA clients of the realm's TLS interfaces trust. Never a private key.
  app.get("/v1/realms/:name/ca.pem", (req, res) => {
    const { name } = parse(RealmParamsSchema, req.params, "realm name");
    res.type("application/x-pem-file").send(manager.caCertificate(name));
  });

  app.use((req, _res, next) => {
    next(new ApiError("NOT_FOUND", `No route ${req.method} ${req.path}`));
  });

  const errorHandler: ErrorRequestHandler = (error: unknown, req, res, _next) => {
    const known = error instanceof ApiError ? error : bodyParserError(error);
    if (known) {
      res.status(known.status).json(known.toBody());
      return;
    }
    logger.error(
      { err: error, method: req.method, path: req.path },
      "unhandled error in realmd API",
    );
    res.status(500).json(new ApiError("INTERNAL", "Internal error; see realmd's log").toBody());
  };
  app.use(errorHandler);

  return app;
}
