import type { Me } from "@em/contracts";
import { AppShell } from "./components/app-shell.js";
import { AuditPage } from "./pages/audit/audit-page.js";
import { AppCredentialsPage } from "./pages/app-credentials/app-credentials-page.js";
import { ErrorNotice } from "./components/error-notice.js";
import { Link } from "./components/link.js";
import { NoticesProvider } from "./components/notices.js";
import { useGetMeQuery } from "./data/auth.js";
import { routePath, useRoute, type Route } from "./lib/router.js";
import { ClusterPage } from "./pages/clusters/cluster-page.js";
import { ClustersPage } from "./pages/clusters/clusters-page.js";
import { CreateClusterPage } from "./pages/clusters/create-cluster-page.js";
import { RealmConnectionsPage } from "./pages/connections/realm-connections-page.js";
import { DrillPage } from "./pages/drills/drill-page.js";
import { DrillsPage } from "./pages/drills/drills-page.js";
import { ClusterLivePage } from "./pages/live/cluster-live-page.js";
import { LoginPage } from "./pages/login/login-page.js";
import { AccountPage } from "./pages/account/account-page.js";
import { UsersPage } from "./pages/users/users-page.js";
import { RealmsPage } from "./pages/realms/realms-page.js";
import { SessionPage } from "./pages/sessions/session-page.js";
import { SessionsPage } from "./pages/sessions/sessions-page.js";
import { CreateStorePage } from "./pages/stores/create-store-page.js";
import { StorePage } from "./pages/stores/store-page.js";
import { StoresPage } from "./pages/stores/stores-page.js";

function Page({ route, me }: { route: Route; me: Me }) {
  switch (route.page) {
    case "realms":
      return <RealmsPage me={me} />;
    case "clusters":
      return <ClustersPage me={me} />;
    case "create-cluster":
      return <CreateClusterPage me={me} />;
    case "cluster":
      // Keyed so switching clusters starts with fresh page state.
      return <ClusterPage key={route.name} me={me} name={route.name} />;
    case "cluster-live":
      return <ClusterLivePage key={route.name} me={me} name={route.name} />;
    case "sessions":
      return <SessionsPage />;
    case "session":
      return <SessionPage key={route.session} session={route.session} />;
    case "realm-connections":
      return <RealmConnectionsPage key={route.name} me={me} name={route.name} />;
    case "drills":
      return <DrillsPage />;
    case "drill":
      return <DrillPage key={route.id} id={route.id} />;
    case "users":
      return <UsersPage me={me} />;
    case "account":
      return <AccountPage me={me} />;
    case "audit":
      return <AuditPage me={me} />;
    case "app-credentials":
      return <AppCredentialsPage me={me} />;
    case "stores":
    case "create-store":
    case "store": {
      const parent = { owner: route.owner, name: route.name, kind: route.kind };
      // Keyed by path, so another store or list starts with fresh filters, forms and snoop range.
      const key = routePath(route);
      if (route.page === "stores") return <StoresPage key={key} me={me} parent={parent} />;
      if (route.page === "create-store")
        return <CreateStorePage key={key} me={me} parent={parent} />;
      return <StorePage key={key} me={me} parent={parent} name={route.store} />;
    }
    case "not-found":
      return (
        <div className="empty" data-testid="not-found">
          <h2>No page at {route.path}</h2>
          <p>
            <Link to={{ page: "realms" }}>Realms</Link> ·{" "}
            <Link to={{ page: "clusters" }}>Clusters</Link> ·{" "}
            <Link to={{ page: "sessions" }}>Sessions</Link>
          </p>
        </div>
      );
  }
}

/** Signed out: the login page. Signed in: the console. Nothing is shown without a session. */
export function App() {
  const me = useGetMeQuery();
  const route = useRoute();
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
      <AppShell me={me.data} route={route}>
        <Page route={route} me={me.data} />
      </AppShell>
    </NoticesProvider>
  );
}
