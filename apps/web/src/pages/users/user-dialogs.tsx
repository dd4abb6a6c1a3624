import type { Role, UserSummary } from "@em/contracts";
import { MutationConfirmDialog } from "../../components/mutation-confirm-dialog.js";
import { useNotify } from "../../components/notices.js";
import {
  useDeleteUserMutation,
  useRevokeUserSessionsMutation,
  useUpdateUserRoleMutation,
} from "../../data/users.js";
import { ROLE_COPY } from "./role-copy.js";

interface DialogProps {
  user: UserSummary;
  /** The user acting is this user. */
  self: boolean;
  open: boolean;
  onClose: () => void;
}

/** A new role, after saying that the user is signed out everywhere so it applies at once. */
export function ChangeRoleDialog({
  user,
  self,
  open,
  role,
  onClose,
}: DialogProps & { role: Role }) {
  const notify = useNotify();
  const update = useUpdateUserRoleMutation(user.username);
  return (
    <MutationConfirmDialog
      open={open}
      title={`Make ${user.username} ${ROLE_COPY[role].label.toLowerCase()}?`}
      confirmLabel="Change role"
      pendingLabel="Changing…"
      tone="primary"
      mutation={update}
      variables={() => role}
      failureTitle="Role not changed"
      onDone={(changed) =>
        notify({ tone: "success", title: `${changed.username} is now ${changed.role}` })
      }
      onClose={onClose}
      testId="user-role-dialog"
    >
      <p>
        A {ROLE_COPY[role].label.toLowerCase()} {ROLE_COPY[role].help}.{" "}
        {self
          ? "You will be signed out and sign in again with the new role."
          : `${user.username} is signed out everywhere (${user.activeSessions} active sessions), so the new role applies at once.`}
      </p>
    </MutationConfirmDialog>
  );
}

/** Signs the user out of every browser, live views included. */
export function RevokeSessionsDialog({ user, self, open, onClose }: DialogProps) {
  const notify = useNotify();
  const revoke = useRevokeUserSessionsMutation(user.username);
  return (
    <MutationConfirmDialog
      open={open}
      title={`Sign ${user.username} out everywhere?`}
      confirmLabel="Revoke sessions"
      pendingLabel="Revoking…"
      tone="danger"
      mutation={revoke}
      failureTitle="Sessions not revoked"
      onDone={({ revoked }) =>
        notify({
          tone: "success",
          title: `${revoked} ${revoked === 1 ? "session" : "sessions"} of ${user.username} ended`,
        })
      }
      onClose={onClose}
      testId="user-revoke-dialog"
    >
      <p>
        Every session of {user.username} ends now, open live views included; they can sign in again
        with their password.{self ? " This includes your own session: you will be signed out." : ""}
      </p>
    </MutationConfirmDialog>
  );
}

/** Deletes the user and ends their sessions. */
export function DeleteUserDialog({ user, open, onClose }: DialogProps) {
  const notify = useNotify();
  const remove = useDeleteUserMutation(user.username);
  return (
    <MutationConfirmDialog
      open={open}
      title={`Delete user ${user.username}?`}
      confirmLabel="Delete user"
      pendingLabel="Deleting…"
      tone="danger"
      mutation={remove}
      failureTitle="Not deleted"
      onDone={() => notify({ tone: "success", title: `User ${user.username} deleted` })}
      onClose={onClose}
      testId="user-delete-dialog"
    >
      <p>
        {user.username} ({user.role}) can no longer sign in, and their{" "}
        {user.activeSessions === 1 ? "session ends" : `${user.activeSessions} sessions end`} now.
        This cannot be undone.
      </p>
    </MutationConfirmDialog>
  );
}
