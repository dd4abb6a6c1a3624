import type { AppCredential, AppCredentialSecret } from "@em/contracts";
import { useState } from "react";
import { DeleteDialog, EditGrantsDialog, RotateDialog } from "./app-credential-dialogs.js";
import { GRANT_FIELDS, describeGrant } from "./grant-text.js";

type Dialog = "edit" | "rotate" | "delete" | null;

/** One credential: its rights, when its password was set, and the actions behind confirmations. */
export function AppCredentialRow({
  credential,
  onRotated,
}: {
  credential: AppCredential;
  onRotated: (secret: AppCredentialSecret) => void;
}) {
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);
  const { name } = credential;
  return (
    <tr data-testid={`app-credential-row-${name}`}>
      <th scope="row">{name}</th>
      {GRANT_FIELDS.map(({ key }) => (
        <td key={key}>{describeGrant(credential.permissions[key])}</td>
      ))}
      <td className="nowrap">{new Date(credential.passwordSetAt).toLocaleString()}</td>
      <td className="actions-cell">
        <div className="actions">
          <button
            type="button"
            className="button button--small"
            aria-label={`Edit rights of ${name}`}
            onClick={() => setDialog("edit")}
            data-testid={`app-credential-edit-${name}`}
          >
            Edit rights
          </button>
          <button
            type="button"
            className="button button--small"
            aria-label={`Rotate the password of ${name}`}
            onClick={() => setDialog("rotate")}
            data-testid={`app-credential-rotate-${name}`}
          >
            Rotate password
          </button>
          <button
            type="button"
            className="button button--small button--danger-ghost"
            aria-label={`Delete ${name}`}
            onClick={() => setDialog("delete")}
            data-testid={`app-credential-delete-${name}`}
          >
            Delete
          </button>
        </div>
        {dialog === "edit" ? (
          <EditGrantsDialog credential={credential} open onClose={close} />
        ) : null}
        <RotateDialog
          credential={credential}
          open={dialog === "rotate"}
          onClose={close}
          onRotated={onRotated}
        />
        <DeleteDialog credential={credential} open={dialog === "delete"} onClose={close} />
      </td>
    </tr>
  );
}
