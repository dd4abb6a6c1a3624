import { describe, expect, it } from "vitest";
import { roleAllows } from "./auth.js";
import { buildOpenApiDocument } from "./openapi.js";
import { API_ROUTES, apiPath } from "./routes.js";

describe("apiPath", () => {
  it("fills and URL-encodes parameters", () => {
    expect(apiPath(API_ROUTES.realmAction.path, { name: "realm1", action: "kill" })).toBe(
      "/api/realms/realm1/actions/kill",
    );
    expect(apiPath("/api/x/:id", { id: "a/b c" })).toBe("/api/x/a%2Fb%20c");
  });

  it("refuses to build a path with a missing parameter", () => {
    expect(() => apiPath(API_ROUTES.getRealm.path)).toThrow(/missing parameter name/);
  });
});

describe("route registry", () => {
  it("has one route per method and path", () => {
    const keys = Object.values(API_ROUTES).map((route) => `${route.method} ${route.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("leaves only health and login public", () => {
    const open = Object.entries(API_ROUTES)
      .filter(([, route]) => route.access === "public")
      .map(([name]) => name);
    expect(open.sort()).toEqual(["health", "login"]);
  });
});

describe("roleAllows", () => {
  it("ranks viewer < operator < admin", () => {
    expect(roleAllows("admin", "operator")).toBe(true);
    expect(roleAllows("operator", "operator")).toBe(true);
    expect(roleAllows("viewer", "operator")).toBe(false);
    expect(roleAllows("operator", "admin")).toBe(false);
  });
});

describe("buildOpenApiDocument", () => {
  const document = buildOpenApiDocument("1.2.3") as {
    openapi: string;
    paths: Record<string, Record<string, { operationId: string; parameters: { name: string }[] }>>;
  };

  it("documents every registered route under its OpenAPI path", () => {
    expect(document.openapi).toBe("3.1.0");
    for (const [name, route] of Object.entries(API_ROUTES)) {
      const path = route.path.replace(/:([A-Za-z]+)/g, "{$1}");
      expect(document.paths[path]?.[route.method]?.operationId, name).toBe(name);
    }
  });

  it("asks for the CSRF header on every change, and no cookie on public routes", () => {
    const security = (path: string, method: string) =>
      (document.paths[path]?.[method] as { security?: unknown } | undefined)?.security;
    expect(security("/api/realms", "get")).toBeUndefined(); // the document's default: the cookie
    expect(security("/api/health", "get")).toEqual([]);
    expect(security("/api/auth/login", "post")).toEqual([{ csrfHeader: [] }]);
    expect(security("/api/realms", "post")).toEqual([{ sessionCookie: [], csrfHeader: [] }]);
  });

  it("describes path parameters from the zod schemas", () => {
    const action = document.paths["/api/realms/{name}/actions/{action}"]?.["post"];
    expect(action?.parameters.map((parameter) => parameter.name)).toEqual(["name", "action"]);
  });
});
