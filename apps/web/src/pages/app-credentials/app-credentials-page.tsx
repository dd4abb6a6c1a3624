import type { AppCredentialSecret, Me } from "@em/contracts";
import { useState } from "react";
import { AdminPage } from "../../components/admin-page.js";
import { LoadErrorNotice } from "../../components/load-error-notice.js";
import { useListAppCredentialsQuery } from "../../data/app-credentials.js";
import { AppCredentialRow } from "./app-credential-row.js";
import { CreateAppCredentialForm } from "./create-app-credential-form.js";
import { GRANT_FIELDS } from "./grant-text.js";
import { PasswordOnce } from "./password-once.js";
import { SyncNotice } from "./sync-notice.js";

function AppCredentialTable({ onRotated }: { onRotated: (secret: AppCredentialSecret) => void }) {
  const query = useListAppCredentialsQuery();
  if (query.isPending) {
    return (
      <div className="loading" role="status">
        <span className="spinner" aria-hidden="true" /> Loading application credentials…
      </div>
    );
  }
  if (query.isError && !query.data) {
    return (
      <LoadErrorNotice query={query} title="The application credentials could not be loaded" />
    );
  }
  const { credentials, sync } = query.data;
  return (
    <>
      <SyncNotice sync={sync} />
      {credentials.length === 0 ? (
        <div className="empty" data-testid="app-credentials-empty">
          <p>No application credential yet: applications cannot connect to any realm.</p>
        </div>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="app-credentials-table">
            <caption className="visually-hidden">Application credentials</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                {GRANT_FIELDS.map(({ key, label }) => (
                  <th scope="col" key={key}>
                    {label}
                  </th>
                ))}
                <th scope="col">Password set</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {credentials.map((credential) => (
                <AppCredentialRow
                  key={credential.name}
                  credential={credential}
                  onRotated={onRotated}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

/** Admins: the credentials applications connect to realms with, and what each may do. */
export function AppCredentialsPage({ me }: { me: Me }) {
  const [shown, setShown] = useState<{
    secret: AppCredentialSecret;
    action: "created" | "rotated";
  } | null>(null);
  return (
    <AdminPage
      me={me}
      id="app-credentials"
      title="Applications"
      subtitle={
        <>
          The users applications connect to realms with, and which channels and queues each may
          publish to, subscribe to, push to and consume from. Every realm carries every credential.
        </>
      }
      forbidden="Application credentials are managed by admins."
    >
      {shown ? (
        <PasswordOnce
          secret={shown.secret}
          action={shown.action}
          onDismiss={() => setShown(null)}
        />
      ) : null}
      <CreateAppCredentialForm onCreated={(secret) => setShown({ secret, action: "created" })} />
      <AppCredentialTable onRotated={(secret) => setShown({ secret, action: "rotated" })} />
    </AdminPage>
  );
}
