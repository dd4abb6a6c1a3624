import { AppPermissionsSchema, type AppCredential, type AppCredentialSecret } from "@em/contracts";
import { useState } from "react";
import { MutationConfirmDialog } from "../../components/mutation-confirm-dialog.js";
import { useNotify } from "../../components/notices.js";
import {
  useDeleteAppCredentialMutation,
  useRotateAppCredentialMutation,
  useUpdateAppCredentialMutation,
} from "../../data/app-credentials.js";
import { GrantFields } from "./grant-fields.js";
import { grantTexts, permissionsInput, type GrantTexts } from "./grant-text.js";

interface DialogProps {
  credential: AppCredential;
  open: boolean;
  onClose: () => void;
}

/** New rights for a credential; realms reload, so connected applications get them at once. */
export function EditGrantsDialog({ credential, open, onClose }: DialogProps) {
  const notify = useNotify();
  const update = useUpdateAppCredentialMutation(credential.name);
  const [texts, setTexts] = useState<GrantTexts>(() => grantTexts(credential.permissions));
  const [errors, setErrors] = useState<Partial<Record<keyof GrantTexts, string>>>({});
  const close = () => {
    setErrors({});
    setTexts(grantTexts(credential.permissions));
    onClose();
  };
  const checkedPermissions = () => {
    const parsed = AppPermissionsSchema.safeParse(permissionsInput(texts));
    if (!parsed.success) {
      const next: Partial<Record<keyof GrantTexts, string>> = {};
      for (const issue of parsed.error.issues)
        next[String(issue.path[0]) as keyof GrantTexts] ??= issue.message;
      setErrors(next);
      return undefined;
    }
    setErrors({});
    return parsed.data;
  };
  return (
    <MutationConfirmDialog
      open={open}
      title={`Rights of ${credential.name}`}
      confirmLabel="Save rights"
      pendingLabel="Saving…"
      tone="primary"
      mutation={update}
      variables={checkedPermissions}
      failureTitle="Rights not saved"
      onDone={({ credential: changed, sync }) =>
        notify({
          tone: sync.pendingHosts.length === 0 ? "success" : "error",
          title:
            sync.pendingHosts.length === 0
              ? `${changed.name}'s rights changed on every realm`
              : `${changed.name}'s rights saved; ${sync.pendingHosts.length} host(s) still to take them`,
        })
      }
      onClose={close}
      testId="app-credential-edit-dialog"
    >
      <p>
        Every realm reloads its configuration: connected applications get the new rights at once.
      </p>
      <GrantFields
        idPrefix={`edit-${credential.name}`}
        texts={texts}
        errors={errors}
        onChange={setTexts}
      />
    </MutationConfirmDialog>
  );
}

/** A new password, answered once; applications still using the old one are refused. */
export function RotateDialog({
  credential,
  open,
  onClose,
  onRotated,
}: DialogProps & { onRotated: (secret: AppCredentialSecret) => void }) {
  const rotate = useRotateAppCredentialMutation(credential.name);
  return (
    <MutationConfirmDialog
      open={open}
      title={`Rotate the password of ${credential.name}?`}
      confirmLabel="Rotate password"
      pendingLabel="Rotating…"
      tone="danger"
      mutation={rotate}
      failureTitle="Password not rotated"
      onDone={(secret) => onRotated(secret)}
      onClose={onClose}
      testId="app-credential-rotate-dialog"
    >
      <p>
        The old password stops working on every realm: applications using it can no longer connect
        until they are given the new one, shown once after this.
      </p>
    </MutationConfirmDialog>
  );
}

export function DeleteDialog({ credential, open, onClose }: DialogProps) {
  const notify = useNotify();
  const remove = useDeleteAppCredentialMutation(credential.name);
  return (
    <MutationConfirmDialog
      open={open}
      title={`Delete ${credential.name}?`}
      confirmLabel="Delete credential"
      pendingLabel="Deleting…"
      tone="danger"
      mutation={remove}
      failureTitle="Credential not deleted"
      onDone={() => notify({ tone: "success", title: `${credential.name} deleted` })}
      onClose={onClose}
      testId="app-credential-delete-dialog"
    >
      <p>Applications connecting as {credential.name} are refused by every realm from now on.</p>
    </MutationConfirmDialog>
  );
}
