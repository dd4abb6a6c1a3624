import { API_ROUTES, AuditPageSchema, apiPath, type AuditQuery } from "@em/contracts";
import { infiniteQueryOptions, useInfiniteQuery } from "@tanstack/react-query";
import { apiRequest } from "../lib/api-client.js";

/** Entries per page of the audit table. @default 100 */
export const AUDIT_PAGE_SIZE = 100;

/** @default 5_000 */
export const AUDIT_STALE_TIME_MS = 5_000;

/** The audit filters the console sends; the API's own names, every one optional. */
export type AuditFilters = Pick<AuditQuery, "username" | "action" | "result" | "from" | "to">;

export const auditKeys = {
  all: ["audit"] as const,
  list: (filters: AuditFilters) => [...auditKeys.all, "list", filters] as const,
};

/** `username=vera&result=failed`: the filters as a query string, empty ones left out. */
export function auditSearch(filters: AuditFilters, extra: Record<string, string> = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filters, ...extra }))
    if (value) search.set(key, value);
  return search.toString();
}

/** Where the browser downloads every matching entry as JSON lines (the API sets the file name). */
export function auditExportHref(filters: AuditFilters): string {
  const search = auditSearch(filters);
  return `${apiPath(API_ROUTES.exportAudit.path)}${search ? `?${search}` : ""}`;
}

export function auditListQueryOptions(filters: AuditFilters) {
  return infiniteQueryOptions({
    queryKey: auditKeys.list(filters),
    queryFn: ({ signal, pageParam }) =>
      apiRequest(
        `${apiPath(API_ROUTES.listAudit.path)}?${auditSearch(filters, {
          limit: String(AUDIT_PAGE_SIZE),
          ...(pageParam === null ? {} : { before: String(pageParam) }),
        })}`,
        { schema: AuditPageSchema, signal },
      ),
    initialPageParam: null as number | null,
    getNextPageParam: (page) => page.nextBefore,
    staleTime: AUDIT_STALE_TIME_MS,
  });
}

/** Audit entries matching the filters, newest first, a page at a time ("older" loads the next). */
export function useListAuditQuery(filters: AuditFilters) {
  return useInfiniteQuery(auditListQueryOptions(filters));
}
