import { AppShell } from "./components/app-shell.js";
import { ErrorNotice } from "./components/error-notice.js";
import { NoticesProvider } from "./components/notices.js";
import { useGetMeQuery } from "./data/auth.js";
import { LoginPage } from "./pages/login/login-page.js";
import { RealmsPage } from "./pages/realms/realms-page.js";

/** Signed out: the login page. Signed in: the console. Nothing is shown without a session. */
export function App() {
  const me = useGetMeQuery();
  if (me.isPending) {
    return (
      <div className="splash" role="status">
        <span className="spinner" aria-hidden="true" /> Enterprise Manager is loading…
      </div>
    );
  }
  if (me.isError) {
    return (
      <div className="splash">
        <ErrorNotice error={me.error} title="The admin API did not answer">
          <p>
            <button type="button" className="link-button" onClick={() => void me.refetch()}>
              Try again
            </button>
          </p>
        </ErrorNotice>
      </div>
    );
  }
  if (me.data === null) return <LoginPage />;
  return (
    <NoticesProvider>
      <AppShell me={me.data}>
        <RealmsPage me={me.data} />
      </AppShell>
    </NoticesProvider>
  );
}
