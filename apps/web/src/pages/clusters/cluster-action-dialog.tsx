import type { ClusterDetail, Operation, OperationKind, RealmSummary } from "@em/contracts";
import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { ErrorNotice } from "../../components/error-notice.js";
import { AlertIcon } from "../../components/icons.js";
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
import { preflightFromError } from "./cluster-format.js";
import { OperationProgress } from "./operation-progress.js";
import { CheckRow } from "./wizard-preflight-step.js";

const OPERATION_TITLE: Readonly<Record<OperationKind, (cluster: string) => string>> = {
  "create-cluster": (c) => `Create cluster ${c}`,
  "delete-cluster": (c) => `Delete cluster ${c}`,
  "add-member": (c) => `Add a member to ${c}`,
  "remove-member": (c) => `Remove a member from ${c}`,
  "evict-member": (c) => `Evict a member from ${c}`,
};

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

/** What the operator asked to do to a cluster. */
export type ClusterActionRequest =
  | { kind: "delete" }
  | { kind: "add" }
  | { kind: "remove"; realm: string }
  | { kind: "evict"; realm: string };

interface ClusterActionDialogProps {
  cluster: ClusterDetail;
  request: ClusterActionRequest | null;
  /** Realms in no cluster: the ones that can be added. */
  candidates: readonly RealmSummary[];
  /** Told when a delete starts and ends, so the page stops fetching a cluster about to vanish. */
  onDeleting: (deleting: boolean) => void;
  onClose: () => void;
}

/** The words of each action: title, what will happen, the button. */
function copyFor(
  request: ClusterActionRequest,
  cluster: ClusterDetail,
  realm: string,
): { title: string; confirm: string; tone: "danger" | "primary"; body: ReactNode } {
  const name = cluster.name;
  const others = cluster.members.length - 1;
  switch (request.kind) {
    case "delete":
      return {
        title: `Delete cluster ${name}`,
        confirm: `Delete ${name}`,
        tone: "danger",
        body: (
          <p>
            Every member ({cluster.members.map((m) => m.realm).join(", ")}) is restarted standalone
            and the cluster is forgotten. Replicated channels and queues stop replicating; each
            realm keeps its realm-local ones. Clients see each realm restart.
          </p>
        ),
      };
    case "add":
      return {
        title: `Add a realm to ${name}`,
        confirm: realm ? `Add ${realm}` : "Add",
        tone: "primary",
        body: (
          <p>
            The new member is restarted with routes to the {cluster.members.length} current members;
            they reload their routes without a restart. Its realm-local channels and queues are
            kept, pinned to it. The cluster then needs{" "}
            {Math.floor((cluster.members.length + 1) / 2) + 1} of {cluster.members.length + 1}{" "}
            members for quorum.
          </p>
        ),
      };
    case "remove":
      return {
        title: `Remove ${request.realm} from ${name}`,
        confirm: `Remove ${request.realm}`,
        tone: "danger",
        body: (
          <p>
            What lives only on {request.realm} is moved or deleted, {request.realm} is shut down
            gracefully, removed as a peer and restarted standalone with the cluster&apos;s state
            cleared. {others} {others === 1 ? "member stays" : "members stay"} in {name}
            {others < 2 ? "; a one-realm cluster cannot hold quorum through any failure" : ""}.
          </p>
        ),
      };
    case "evict":
      return {
        title: `Evict offline member ${request.realm}`,
        confirm: `Evict ${request.realm}`,
        tone: "danger",
        body: (
          <>
            <div className="notice notice--warning">
              <AlertIcon className="notice__icon" />
              <p>
                Emergency action. {request.realm} is offline and cannot be asked: it is removed from
                the others&apos; peer list without its consent. Stores that lived only on it are
                lost to the cluster. If it comes back with its old configuration it will try to
                rejoin; remove its cluster state before starting it.
              </p>
            </div>
            <p>
              {name} goes from {cluster.members.length} to {others} members.
            </p>
          </>
        ),
      };
  }
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
    mutation.reset();
    setOperation(null);
    setPick("");
    if (request?.kind === "delete" && current?.status === "succeeded")
      navigate({ page: "clusters" });
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
