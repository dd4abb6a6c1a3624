import type { Response } from "express";
import type { AUDIT_ROUTES } from "@em/contracts";
import type { RouteHandler } from "../http/mount-route.js";
import type { AuditFilters, AuditStore } from "./audit-store.js";

type Route = keyof typeof AUDIT_ROUTES;
export type AuditHandlers = { [K in Route]: RouteHandler<(typeof AUDIT_ROUTES)[K]> };

/**
 * Entries read from SQLite per step of an export: the export pages through the table instead of
 * holding one cursor open, so a slow download never blocks the database connection.
 * @default 500
 */
export const AUDIT_EXPORT_PAGE = 500;

/** Resolves once the response can take more, or has closed (false). */
function drained(res: Response): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (open: boolean) => () => {
      res.off("drain", onDrain);
      res.off("close", onClose);
      resolve(open);
    };
    const onDrain = done(true);
    const onClose = done(false);
    res.on("drain", onDrain);
    res.on("close", onClose);
  });
}

export function createAuditHandlers(store: AuditStore): AuditHandlers {
  return {
    listAudit: ({ query }) => {
      const { limit, ...filters } = query;
      return store.list(filters, limit);
    },
    exportAudit: async ({ query, res }) => {
      const { limit: _pageSize, ...filters } = query;
      const stamp = new Date().toISOString().replace(/[:.]/g, "-");
      res.status(200);
      res.setHeader("content-type", "application/x-ndjson; charset=utf-8");
      res.setHeader("content-disposition", `attachment; filename="em-audit-${stamp}.jsonl"`);
      let next: AuditFilters = filters;
      for (;;) {
        const page = store.list(next, AUDIT_EXPORT_PAGE);
        for (const entry of page.entries) {
          if (!res.write(`${JSON.stringify(entry)}\n`) && !(await drained(res))) return;
        }
        if (page.nextBefore === null) break;
        next = { ...filters, before: page.nextBefore };
      }
      res.end();
    },
  };
}
