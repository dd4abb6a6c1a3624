import type { Me } from "@em/contracts";
import { AdminPage } from "../../components/admin-page.js";
import { LoadErrorNotice } from "../../components/load-error-notice.js";
import { useListUsersQuery } from "../../data/users.js";
import { CreateUserForm } from "./create-user-form.js";
import { UserRow } from "./user-row.js";

function UserTable({ me }: { me: Me }) {
  const query = useListUsersQuery();
  if (query.isPending) {
    return (
      <div className="loading" role="status">
        <span className="spinner" aria-hidden="true" /> Loading users…
      </div>
    );
  }
  if (query.isError && !query.data) {
    return <LoadErrorNotice query={query} title="The users could not be loaded" />;
  }
  return (
    <div className="table-wrap">
      <table className="table" data-testid="users-table">
        <caption className="visually-hidden">Console users</caption>
        <thead>
          <tr>
            <th scope="col">User</th>
            <th scope="col">Role</th>
            <th scope="col">Created</th>
            <th scope="col">Last login</th>
            <th scope="col" className="num">
              Active sessions
            </th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {query.data.users.map((user) => (
            <UserRow key={user.username} user={user} self={user.username === me.user.username} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Admins: every console user, new users, roles, sessions. */
export function UsersPage({ me }: { me: Me }) {
  return (
    <AdminPage
      me={me}
      id="users"
      title="Users"
      subtitle={
        <>
          Who may use this console, and with which role. Changing a role or deleting a user signs
          them out at once.
        </>
      }
      forbidden="Users are managed by admins."
    >
      <CreateUserForm />
      <UserTable me={me} />
    </AdminPage>
  );
}
