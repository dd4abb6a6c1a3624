import type { AppCredentialSecret } from "@em/contracts";
import { CopyButton } from "../../components/copy-button.js";
import { SyncNotice } from "./sync-notice.js";

/**
 * A password the API answered once (create or rotate). It lives in this component's props only:
 * dismissing it forgets it, and nothing can show it again.
 */
export function PasswordOnce({
  secret,
  action,
  onDismiss,
}: {
  secret: AppCredentialSecret;
  action: "created" | "rotated";
  onDismiss: () => void;
}) {
  const { name } = secret.credential;
  return (
    <div
      className="notice notice--info"
      role="status"
      aria-labelledby="password-once-title"
      data-testid="app-credential-password"
    >
      <p id="password-once-title">
        <strong>
          {name} {action}. Its password is shown this once
        </strong>
        : copy it into the application&apos;s configuration now. The console keeps only a hash.
      </p>
      <p>
        <code data-testid="app-credential-password-value">{secret.password}</code>
        <CopyButton
          text={secret.password}
          label={`password of ${name}`}
          testId="app-credential-password-copy"
        />
      </p>
      <p className="muted">
        The application connects with user <code>{name}</code> and this password, e.g.{" "}
        <code>{`createSession({ rnames, credentials: { user: "${name}", pass } })`}</code>.
      </p>
      <SyncNotice sync={secret.sync} />
      <div className="toolbar">
        <button
          type="button"
          className="button button--small"
          onClick={onDismiss}
          data-testid="app-credential-password-done"
        >
          I have copied it
        </button>
      </div>
    </div>
  );
}
