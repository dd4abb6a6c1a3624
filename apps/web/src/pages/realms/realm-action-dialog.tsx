import type { RealmAction } from "@em/contracts";
import { ConfirmDialog } from "../../components/confirm-dialog.js";
import { ErrorNotice } from "../../components/error-notice.js";
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

  const close = () => {
    mutation.reset();
    onClose();
  };

  const confirm = () => {
    if (!request || !copy) return;
    mutation.mutate(request, {
      onSuccess: (realm) => {
        notify({
          tone: "success",
          title: `${realm.name} ${copy.done}`,
          detail: `now ${realm.status}${realm.processState ? ` (process ${realm.processState})` : ""}`,
        });
        close();
      },
    });
  };

  return (
    <ConfirmDialog
      open={request !== null}
      title={request && copy ? `${copy.label} ${request.name}` : ""}
      confirmLabel={copy ? `${copy.label} ${request?.name ?? ""}` : ""}
      pendingLabel={copy?.pending ?? ""}
      tone={copy?.severity === "safe" ? "primary" : "danger"}
      pending={mutation.isPending}
      error={
        mutation.isError ? (
          <ErrorNotice error={mutation.error} title={`${copy?.label ?? "Action"} failed`} />
        ) : undefined
      }
      onConfirm={confirm}
      onCancel={close}
      testId="realm-action-dialog"
    >
      <p>{request && copy ? copy.explain(request.name) : null}</p>
    </ConfirmDialog>
  );
}
