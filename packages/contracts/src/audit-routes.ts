import type { RouteDef } from "./routes.js";
import { AuditPageSchema, AuditQuerySchema } from "./audit.js";

/**
 * The audit log: every call of a mutating route (and every login attempt), who made it, with
 * what and how it ended. Admins only: it names users and what they did.
 */
export const AUDIT_ROUTES = {
  listAudit: {
    method: "get",
    path: "/api/audit",
    access: "admin",
    summary:
      "Audit log entries, newest first; filter by ?username=&action=&result=ok|failed&from=&to=, page with ?before=<id>&limit=",
    tag: "audit",
    query: AuditQuerySchema,
    response: AuditPageSchema,
    successStatus: 200,
  },
  exportAudit: {
    method: "get",
    path: "/api/audit/export",
    access: "admin",
    summary:
      "Every matching audit log entry, newest first, as JSON lines (application/x-ndjson), streamed as a download",
    tag: "audit",
    query: AuditQuerySchema,
    successStatus: 200,
  },
} as const satisfies Record<string, RouteDef>;
