import type { Me } from "@em/contracts";
import { AdminPage } from "../../components/admin-page.js";
import { LoadErrorNotice } from "../../components/load-error-notice.js";
import { auditExportHref, useListAuditQuery } from "../../data/audit.js";
import { useSearchParam } from "../../lib/use-search-param.js";
import { AuditFilterForm, auditFiltersOf, type AuditFilterDraft } from "./audit-filters.js";
import { AuditRow } from "./audit-row.js";

/** The filters live in the URL (`/audit?user=vera&result=failed`), so a view can be shared. */
function useAuditDraft(): [AuditFilterDraft, (draft: AuditFilterDraft) => void] {
  const [username, setUsername] = useSearchParam("user");
  const [action, setAction] = useSearchParam("action");
  const [result, setResult] = useSearchParam("result");
  const [from, setFrom] = useSearchParam("from");
  const [to, setTo] = useSearchParam("to");
  const apply = (draft: AuditFilterDraft) => {
    setUsername(draft.username.trim());
    setAction(draft.action);
    setResult(draft.result);
    setFrom(draft.from);
    setTo(draft.to);
  };
  return [{ username, action, result, from, to }, apply];
}

function AuditTable({ draft }: { draft: AuditFilterDraft }) {
  const filters = auditFiltersOf(draft);
  const query = useListAuditQuery(filters);
  const entries = query.data?.pages.flatMap((page) => page.entries) ?? [];
  return (
    <>
      <p className="small">
        <a href={auditExportHref(filters)} download data-testid="audit-export">
          Export JSON lines
        </a>{" "}
        <span className="muted">— every entry matching these filters, newest first</span>
      </p>
      {query.isPending ? (
        <div className="loading" role="status">
          <span className="spinner" aria-hidden="true" /> Loading the audit log…
        </div>
      ) : query.isError && !query.data ? (
        <LoadErrorNotice query={query} title="The audit log could not be loaded" />
      ) : entries.length === 0 ? (
        <div className="empty" data-testid="audit-empty">
          <h2>No entry matches</h2>
        </div>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="audit-table">
            <caption className="visually-hidden">Audit log, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">User</th>
                <th scope="col">Role</th>
                <th scope="col">Action</th>
                <th scope="col">Target</th>
                <th scope="col">Result</th>
                <th scope="col">IP</th>
                <th scope="col">Params</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <AuditRow key={entry.id} entry={entry} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {query.hasNextPage ? (
        <p>
          <button
            type="button"
            className="button button--ghost"
            onClick={() => void query.fetchNextPage()}
            disabled={query.isFetchingNextPage}
            data-testid="audit-older"
          >
            {query.isFetchingNextPage ? "Loading…" : "Older entries"}
          </button>
        </p>
      ) : null}
    </>
  );
}

/** Admins: who changed what, when, from where, and how it ended. */
export function AuditPage({ me }: { me: Me }) {
  const [draft, apply] = useAuditDraft();
  return (
    <AdminPage
      me={me}
      id="audit"
      title="Audit log"
      subtitle={
        <>
          Every change anyone asked for, and every login attempt, newest first: who, with which
          role, what, the outcome and from where. Entries are never edited or deleted.
        </>
      }
      forbidden="The audit log is for admins."
    >
      <AuditFilterForm key={JSON.stringify(draft)} initial={draft} onApply={apply} />
      <AuditTable draft={draft} />
    </AdminPage>
  );
}
