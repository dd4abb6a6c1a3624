import type { ClusterDetail, Operation, RealmSummary } from "@em/contracts";
import { useEffect, useId, useRef, useState } from "react";
import { ErrorNotice } from "../../components/error-notice.js";
import { useNotify } from "../../components/notices.js";
import { StatusBadge } from "../../components/status-badge.js";
import {
  useAddClusterMemberMutation,
  useDeleteClusterMutation,
  useEvictClusterMemberMutation,
  useRemoveClusterMemberMutation,
} from "../../data/clusters.js";
import { useGetOperationQuery } from "../../data/operations.js";
import { navigate } from "../../lib/router.js";
import { useLiveStatus } from "../../live/live-status.js";
import { OPERATION_TITLE, copyFor, type ClusterActionRequest } from "./cluster-action-copy.js";
import { preflightFromError } from "./cluster-format.js";
import { OperationProgress } from "./operation-progress.js";
import { CheckRow } from "./wizard-preflight-step.js";

/** The failed checks of a PREFLIGHT_FAILED refusal, so the operator sees what to fix. */
function RefusedChecks({ error }: { error: unknown }) {
  const preflight = preflightFromError(error);
  if (!preflight) return null;
  const failed = preflight.checks.filter((check) => check.level !== "ok");
  if (failed.length === 0) return null;
  return (
    <ul className="checks plain-list">
      {failed.map((check, i) => (
        <CheckRow key={`${check.id}-${i}`} check={check} />
      ))}
    </ul>
  );
}

interface ClusterActionDialogProps {
  cluster: ClusterDetail;
  request: ClusterActionRequest | null;
  /** Realms in no cluster: the ones that can be added. */
  candidates: readonly RealmSummary[];
  /** Told when a delete starts and ends, so the page stops fetching a cluster about to vanish. */
  onDeleting: (deleting: boolean) => void;
  onClose: () => void;
}

/**
 * Confirms a membership change, saying what will happen, then follows the operation it starts
 * step by step; errors (code and message) stay in the dialog.
 */
export function ClusterActionDialog({
  cluster,
  request,
  candidates,
  onDeleting,
  onClose,
}: ClusterActionDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const live = useLiveStatus() === "live";
  const notify = useNotify();
  const remove = useRemoveClusterMemberMutation();
  const evict = useEvictClusterMemberMutation();
  const add = useAddClusterMemberMutation();
  const del = useDeleteClusterMutation();
  const kind = request?.kind;
  const mutation =
    kind === "remove" ? remove : kind === "evict" ? evict : kind === "add" ? add : del;
  const [operation, setOperation] = useState<Operation | null>(null);
  const [pick, setPick] = useState("");
  const progress = useGetOperationQuery(operation?.id ?? null, { live });
  const current = progress.data ?? operation;
  const running = mutation.isPending || current?.status === "running";
  const open = request !== null;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  const finished = current?.status;
  const deleting = current?.kind === "delete-cluster" && finished !== "failed";
  useEffect(() => onDeleting(deleting), [deleting, onDeleting]);
  useEffect(() => {
    if (!current || finished === "running") return;
    notify(
      finished === "succeeded"
        ? { tone: "success", title: `${OPERATION_TITLE[current.kind](current.cluster)}: done` }
        : {
            tone: "error",
            title: `${OPERATION_TITLE[current.kind](current.cluster)}: failed`,
            code: current.error?.code,
            detail: current.error?.message,
          },
    );
    // Once per finished operation: `current` itself changes with every push.
  }, [finished, current?.id]);

  const close = () => {
    if (request?.kind === "delete" && current?.status === "succeeded") {
      // Leave with the operation still held: clearing it first would end `deleting` and let
      // the page refetch the deleted cluster (a 404) before the list replaces it.
      navigate({ page: "clusters" });
      onClose();
      return;
    }
    mutation.reset();
    setOperation(null);
    setPick("");
    onClose();
  };

  const realm = request?.kind === "remove" || request?.kind === "evict" ? request.realm : pick;
  // Once started, the words describe the cluster as it was when confirmed, not as it becomes.
  const [confirmed, setConfirmed] = useState<ClusterDetail>(cluster);
  const shown = current || mutation.isPending ? confirmed : cluster;
  const copy = request ? copyFor(request, shown, realm) : null;

  const confirm = () => {
    if (!request) return;
    setConfirmed(cluster);
    const onSuccess = (op: Operation) => setOperation(op);
    switch (request.kind) {
      case "delete":
        del.mutate({ name: cluster.name }, { onSuccess });
        return;
      case "add":
        if (pick) add.mutate({ name: cluster.name, realm: pick }, { onSuccess });
        return;
      case "remove":
        remove.mutate({ name: cluster.name, realm: request.realm }, { onSuccess });
        return;
      case "evict":
        evict.mutate({ name: cluster.name, realm: request.realm }, { onSuccess });
    }
  };

  return (
    <dialog
      ref={ref}
      className="dialog dialog--wide"
      aria-labelledby={titleId}
      data-testid="cluster-action-dialog"
      onCancel={(event) => {
        event.preventDefault();
        if (!mutation.isPending) close();
      }}
    >
      {open && copy ? (
        <form
          method="dialog"
          onSubmit={(event) => {
            event.preventDefault();
            if (!running && !current) confirm();
          }}
        >
          <h2 id={titleId} className="dialog__title">
            {copy.title}
          </h2>
          <div className="dialog__body">{copy.body}</div>
          {request?.kind === "add" && !current ? (
            candidates.length === 0 ? (
              <p className="muted">
                Every realm is already in a cluster; remove one from its cluster first.
              </p>
            ) : (
              <fieldset className="field">
                <legend className="field__label">Realm to add (realms in no cluster)</legend>
                <ul className="realm-pick__list plain-list">
                  {candidates.map((r) => (
                    <li key={r.name}>
                      <label
                        className={`realm-pick__item${pick === r.name ? " realm-pick__item--checked" : ""}`}
                      >
                        <input
                          type="radio"
                          name="add-realm"
                          checked={pick === r.name}
                          onChange={() => setPick(r.name)}
                          data-testid={`add-pick-${r.name}`}
                        />
                        <span className="realm-pick__name">{r.name}</span>
                        <span className="muted small">{r.hostName}</span>
                        <StatusBadge status={r.status} />
                      </label>
                    </li>
                  ))}
                </ul>
              </fieldset>
            )
          ) : null}
          {current ? <OperationProgress operation={current} /> : null}
          {mutation.isError ? (
            <ErrorNotice error={mutation.error} title={`${copy.title} was refused`}>
              <RefusedChecks error={mutation.error} />
            </ErrorNotice>
          ) : null}
          <div className="dialog__actions">
            {current ? (
              <button
                type="button"
                className="button"
                onClick={close}
                autoFocus
                data-testid="cluster-action-close"
              >
                {running ? "Close (it keeps running)" : "Close"}
              </button>
            ) : (
              <>
                <button
                  type="button"
                  className="button"
                  onClick={close}
                  disabled={mutation.isPending}
                  autoFocus
                >
                  Cancel
                </button>
                <button
                  type="submit"
                  className={`button button--${copy.tone}`}
                  disabled={mutation.isPending || (request?.kind === "add" && !pick)}
                  aria-busy={mutation.isPending}
                  data-testid="cluster-action-confirm"
                >
                  {mutation.isPending ? "Starting…" : copy.confirm}
                </button>
              </>
            )}
          </div>
        </form>
      ) : null}
    </dialog>
  );
}
