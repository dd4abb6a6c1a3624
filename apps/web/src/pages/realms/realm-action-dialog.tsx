import type { RealmAction } from "@em/contracts";
import { MutationConfirmDialog } from "../../components/mutation-confirm-dialog.js";
import { useNotify } from "../../components/notices.js";
import { useRunRealmActionMutation } from "../../data/realms.js";
import { ACTION_COPY } from "./realm-action-copy.js";

export interface RealmActionRequest {
  name: string;
  action: RealmAction;
}

/**
 * Asks before acting on a realm, runs the action, then reports the realm's new status; a
 * failure stays in the dialog with its code and message so the operator can retry or cancel.
 */
export function RealmActionDialog({
  request,
  onClose,
}: {
  request: RealmActionRequest | null;
  onClose: () => void;
}) {
  const mutation = useRunRealmActionMutation();
  const notify = useNotify();
  const copy = request ? ACTION_COPY[request.action] : null;

  return (
    <MutationConfirmDialog
      open={request !== null}
      title={request && copy ? `${copy.label} ${request.name}` : ""}
      confirmLabel={copy ? `${copy.label} ${request?.name ?? ""}` : ""}
      pendingLabel={copy?.pending ?? ""}
      tone={copy?.severity === "safe" ? "primary" : "danger"}
      mutation={mutation}
      variables={() => request ?? undefined}
      failureTitle={`${copy?.label ?? "Action"} failed`}
      onDone={(realm, { action }) =>
        notify({
          tone: "success",
          title: `${realm.name} ${ACTION_COPY[action].done}`,
          detail: `now ${realm.status}${realm.processState ? ` (process ${realm.processState})` : ""}`,
        })
      }
      onClose={onClose}
      testId="realm-action-dialog"
    >
      <p>{request && copy ? copy.explain(request.name) : null}</p>
    </MutationConfirmDialog>
  );
}
