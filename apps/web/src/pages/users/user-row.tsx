import { RoleSchema, type Role, type UserSummary } from "@em/contracts";
import { useState } from "react";
import { ROLE_COPY } from "./role-copy.js";
import { ChangeRoleDialog, DeleteUserDialog, RevokeSessionsDialog } from "./user-dialogs.js";

type Dialog = { kind: "role"; role: Role } | { kind: "revoke" } | { kind: "delete" } | null;

function formatTime(iso: string | undefined): string {
  return iso === undefined ? "never" : new Date(iso).toLocaleString();
}

/** One user: role picker, sessions, and the actions, each behind a confirmation. */
export function UserRow({ user, self }: { user: UserSummary; self: boolean }) {
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);
  return (
    <tr data-testid={`user-row-${user.username}`}>
      <th scope="row">
        {user.username}
        {self ? <span className="muted"> (you)</span> : null}
      </th>
      <td>
        <select
          className="input"
          value={user.role}
          aria-label={`Role of ${user.username}`}
          onChange={(e) => {
            const role = RoleSchema.parse(e.target.value);
            if (role !== user.role) setDialog({ kind: "role", role });
          }}
          data-testid={`user-role-${user.username}`}
        >
          {RoleSchema.options.map((role) => (
            <option key={role} value={role}>
              {ROLE_COPY[role].label}
            </option>
          ))}
        </select>
      </td>
      <td className="nowrap">{formatTime(user.createdAt)}</td>
      <td className="nowrap">{formatTime(user.lastLoginAt)}</td>
      <td className="num">{user.activeSessions}</td>
      <td className="actions-cell">
        <div className="actions">
          <button
            type="button"
            className="button button--small"
            aria-label={`Revoke sessions of ${user.username}`}
            disabled={user.activeSessions === 0}
            onClick={() => setDialog({ kind: "revoke" })}
            data-testid={`user-revoke-${user.username}`}
          >
            Revoke sessions
          </button>
          <button
            type="button"
            className="button button--small button--danger-ghost"
            aria-label={`Delete ${user.username}`}
            disabled={self}
            title={self ? "You cannot delete yourself" : undefined}
            onClick={() => setDialog({ kind: "delete" })}
            data-testid={`user-delete-${user.username}`}
          >
            Delete
          </button>
        </div>
        {dialog?.kind === "role" ? (
          <ChangeRoleDialog user={user} self={self} open role={dialog.role} onClose={close} />
        ) : null}
        <RevokeSessionsDialog
          user={user}
          self={self}
          open={dialog?.kind === "revoke"}
          onClose={close}
        />
        <DeleteUserDialog
          user={user}
          self={self}
          open={dialog?.kind === "delete"}
          onClose={close}
        />
      </td>
    </tr>
  );
}
