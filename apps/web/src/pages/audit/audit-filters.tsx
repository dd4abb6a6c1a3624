import { API_ROUTES, type RouteDef } from "@em/contracts";
import { useState, type FormEvent } from "react";
import type { AuditFilters } from "../../data/audit.js";

/** The routes the audit log records: every one that changes something, and login. */
const AUDITED_ACTIONS: readonly string[] = Object.entries(API_ROUTES as Record<string, RouteDef>)
  .filter(([, def]) => def.method !== "get")
  .map(([name]) => name)
  .sort();

/** The filter form's fields as typed: times as `datetime-local` values, in the browser's zone. */
export interface AuditFilterDraft {
  username: string;
  action: string;
  result: string;
  from: string;
  to: string;
}

/** A `datetime-local` value as the ISO instant the API compares; empty stays empty. */
function toIso(local: string): string | undefined {
  if (!local) return undefined;
  const time = new Date(local);
  return Number.isNaN(time.getTime()) ? undefined : time.toISOString();
}

/** The draft as API filters: blanks dropped, times in UTC. */
export function auditFiltersOf(draft: AuditFilterDraft): AuditFilters {
  const filters: AuditFilters = {};
  if (draft.username.trim()) filters.username = draft.username.trim();
  if (draft.action) filters.action = draft.action;
  if (draft.result === "ok" || draft.result === "failed") filters.result = draft.result;
  const from = toIso(draft.from);
  const to = toIso(draft.to);
  if (from) filters.from = from;
  if (to) filters.to = to;
  return filters;
}

/** User, action, result and time range; applied together, so typing a name fetches nothing. */
export function AuditFilterForm({
  initial,
  onApply,
}: {
  initial: AuditFilterDraft;
  onApply: (draft: AuditFilterDraft) => void;
}) {
  const [draft, setDraft] = useState(initial);
  const set = (patch: Partial<AuditFilterDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(draft);
  };
  const clear = () => {
    const empty = { username: "", action: "", result: "", from: "", to: "" };
    setDraft(empty);
    onApply(empty);
  };
  return (
    <form className="toolbar toolbar--wrap" onSubmit={submit} data-testid="audit-filters">
      <label className="field field--inline">
        <span className="field__label">User</span>
        <input
          className="input"
          value={draft.username}
          onChange={(e) => set({ username: e.target.value })}
          placeholder="any"
          data-testid="audit-filter-user"
        />
      </label>
      <label className="field field--inline">
        <span className="field__label">Action</span>
        <select
          className="input"
          value={draft.action}
          onChange={(e) => set({ action: e.target.value })}
          data-testid="audit-filter-action"
        >
          <option value="">any</option>
          {AUDITED_ACTIONS.map((action) => (
            <option key={action} value={action}>
              {action}
            </option>
          ))}
        </select>
      </label>
      <label className="field field--inline">
        <span className="field__label">Result</span>
        <select
          className="input"
          value={draft.result}
          onChange={(e) => set({ result: e.target.value })}
          data-testid="audit-filter-result"
        >
          <option value="">any</option>
          <option value="ok">ok</option>
          <option value="failed">failed</option>
        </select>
      </label>
      <label className="field field--inline">
        <span className="field__label">From</span>
        <input
          className="input"
          type="datetime-local"
          value={draft.from}
          onChange={(e) => set({ from: e.target.value })}
          data-testid="audit-filter-from"
        />
      </label>
      <label className="field field--inline">
        <span className="field__label">To</span>
        <input
          className="input"
          type="datetime-local"
          value={draft.to}
          onChange={(e) => set({ to: e.target.value })}
          data-testid="audit-filter-to"
        />
      </label>
      <button type="submit" className="button" data-testid="audit-filter-apply">
        Apply
      </button>
      <button type="button" className="button button--ghost" onClick={clear}>
        Clear
      </button>
    </form>
  );
}
