import type { StoreDetail } from "@em/contracts";
import { useState } from "react";
import { ConfirmDialog } from "../../components/confirm-dialog.js";
import { ErrorNotice } from "../../components/error-notice.js";
import { MutationConfirmDialog } from "../../components/mutation-confirm-dialog.js";
import { useNotify } from "../../components/notices.js";
import { useDeleteStoreMutation, usePurgeStoreMutation } from "../../data/stores.js";
import { navigate, type StoreParent } from "../../lib/router.js";
import { kindWords } from "./store-copy.js";

export type DangerRequest = "purge" | "delete" | null;

interface DialogProps {
  parent: StoreParent;
  store: StoreDetail;
  open: boolean;
  onClose: () => void;
}

/** Purge every event, or those up to an EID; EIDs are never reused afterwards. */
export function PurgeDialog({ parent, store, open, onClose }: DialogProps) {
  const notify = useNotify();
  const purge = usePurgeStoreMutation(parent, store.name);
  const [all, setAll] = useState(true);
  const [upTo, setUpTo] = useState("");
  const upToEid = Number.parseInt(upTo, 10);
  const validUpTo = Number.isInteger(upToEid) && upToEid >= 1;
  return (
    <MutationConfirmDialog
      open={open}
      title={`Purge ${store.name}?`}
      confirmLabel={all ? "Purge all events" : `Purge up to EID ${validUpTo ? upToEid : "…"}`}
      pendingLabel="Purging…"
      tone="danger"
      mutation={purge}
      variables={() => (all ? {} : validUpTo ? { upToEid } : undefined)}
      failureTitle="Nothing purged"
      onDone={({ purged }) =>
        notify({ tone: "success", title: `Purged ${purged} events from ${store.name}` })
      }
      onClose={onClose}
      testId="store-purge-dialog"
    >
      <p>
        Purged events are gone from every replica; consumers skip them. New events keep counting
        from EID {store.lastEid + 1}.
      </p>
      <div className="choice">
        <label className={`choice__item${all ? " choice__item--checked" : ""}`}>
          <input type="radio" checked={all} onChange={() => setAll(true)} />
          <span className="choice__title">All {store.events} events</span>
        </label>
        <label className={`choice__item${all ? "" : " choice__item--checked"}`}>
          <input
            type="radio"
            checked={!all}
            onChange={() => setAll(false)}
            data-testid="purge-up-to"
          />
          <span>
            <span className="choice__title">Up to and including EID</span>
            <input
              className="input input--number"
              inputMode="numeric"
              value={upTo}
              aria-label="Purge up to EID"
              onChange={(e) => {
                setUpTo(e.target.value);
                setAll(false);
              }}
              data-testid="purge-up-to-eid"
            />
          </span>
        </label>
      </div>
    </MutationConfirmDialog>
  );
}

/** Delete the store and every event in it, then go back to the list. */
export function DeleteDialog({
  parent,
  store,
  open,
  onClose,
  onDeleting,
}: DialogProps & { onDeleting: (deleting: boolean) => void }) {
  const notify = useNotify();
  const remove = useDeleteStoreMutation(parent, store.name);
  const words = kindWords(parent.kind);
  return (
    <ConfirmDialog
      open={open}
      title={`Delete ${words.one} ${store.name}?`}
      confirmLabel={`Delete ${words.one}`}
      pendingLabel="Deleting…"
      tone="danger"
      pending={remove.isPending}
      error={remove.isError ? <ErrorNotice error={remove.error} title="Not deleted" /> : null}
      onCancel={() => {
        remove.reset();
        onClose();
      }}
      onConfirm={() => {
        onDeleting(true);
        remove.mutate(undefined, {
          onSuccess: () => {
            notify({ tone: "success", title: `${words.One} ${store.name} deleted` });
            navigate({ page: "stores", ...parent }, { replace: true });
          },
          onError: () => onDeleting(false),
        });
      }}
      testId="store-delete-dialog"
    >
      <p>
        {store.events} events and {store.consumerStates.length} consumers go with it, on{" "}
        {store.scope === "cluster" ? "every replica" : store.realm}. This cannot be undone.
      </p>
    </ConfirmDialog>
  );
}
