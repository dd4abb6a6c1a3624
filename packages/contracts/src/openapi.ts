import { z } from "zod";
import { CSRF_HEADER, SESSION_COOKIE } from "./auth.js";
import { ApiErrorBodySchema, ERROR_STATUS } from "./errors.js";
import { API_ROUTES, type RouteDef } from "./routes.js";

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: "any",
  }) as JsonSchema;
  return rest;
}

/** Express `/a/:b` to OpenAPI `/a/{b}`. */
function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z]+)/g, "{$1}");
}

function parameters(def: RouteDef): JsonSchema[] {
  const result: JsonSchema[] = [];
  for (const [location, schema] of [
    ["path", def.params],
    ["query", def.query],
  ] as const) {
    if (!schema) continue;
    for (const [name, field] of Object.entries(schema.shape)) {
      result.push({
        name,
        in: location,
        required: location === "path" || !(field as z.ZodType).safeParse(undefined).success,
        schema: jsonSchema(field as z.ZodType, "input"),
      });
    }
  }
  return result;
}

function errorStatuses(def: RouteDef): number[] {
  const statuses = new Set<number>([ERROR_STATUS.INTERNAL]);
  if (def.access !== "public") statuses.add(ERROR_STATUS.UNAUTHENTICATED);
  if (def.access !== "public" && def.access !== "session") statuses.add(ERROR_STATUS.FORBIDDEN);
  if (def.body || def.params || def.query) statuses.add(ERROR_STATUS.VALIDATION);
  if (def.params) statuses.add(ERROR_STATUS.NOT_FOUND);
  if (def.method !== "get") statuses.add(ERROR_STATUS.CSRF);
  if (def.body) statuses.add(ERROR_STATUS.UNSUPPORTED_MEDIA_TYPE);
  statuses.add(ERROR_STATUS.RATE_LIMITED);
  return [...statuses].sort();
}

/** Public routes need no cookie; a change needs the CSRF header too (or a same-origin Origin). */
function security(def: RouteDef): JsonSchema {
  const schemes = {
    ...(def.access === "public" ? {} : { sessionCookie: [] }),
    ...(def.method === "get" ? {} : { csrfHeader: [] }),
  };
  if (def.access !== "public" && def.method === "get") return {};
  return { security: Object.keys(schemes).length === 0 ? [] : [schemes] };
}

function operation(name: string, def: RouteDef): JsonSchema {
  const errorBody = { $ref: "#/components/schemas/ApiError" };
  const responses: Record<string, JsonSchema> = {
    [def.successStatus]: def.response
      ? {
          description: "Success",
          content: { "application/json": { schema: jsonSchema(def.response, "output") } },
        }
      : { description: "Success" },
  };
  for (const status of errorStatuses(def)) {
    responses[status] = {
      description: "Error",
      content: { "application/json": { schema: errorBody } },
    };
  }
  return {
    operationId: name,
    summary: def.summary,
    tags: [def.tag],
    "x-access": def.access,
    ...security(def),
    parameters: parameters(def),
    ...(def.body
      ? {
          requestBody: {
            required: true,
            content: { "application/json": { schema: jsonSchema(def.body, "input") } },
          },
        }
      : {}),
    responses,
  };
}

/**
 * The admin API's OpenAPI 3.1 document, generated from {@link API_ROUTES} and the zod
 * schemas, so it cannot drift from what the server validates.
 */
export function buildOpenApiDocument(version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const [name, def] of Object.entries(API_ROUTES) as [string, RouteDef][]) {
    const path = openApiPath(def.path);
    paths[path] ??= {};
    paths[path][def.method] = operation(name, def);
  }
  return {
    openapi: "3.1.0",
    info: { title: "Enterprise Manager admin API", version },
    servers: [{ url: "/" }],
    security: [{ sessionCookie: [] }],
    components: {
      securitySchemes: {
        sessionCookie: { type: "apiKey", in: "cookie", name: SESSION_COOKIE },
        csrfHeader: {
          type: "apiKey",
          in: "header",
          name: CSRF_HEADER,
          description: `Send "${CSRF_HEADER}: 1" with every change (or an Origin of this host); else 403 CSRF`,
        },
      },
      schemas: { ApiError: jsonSchema(ApiErrorBodySchema, "output") },
    },
    paths,
  };
}
