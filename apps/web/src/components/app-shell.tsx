import type { Me } from "@em/contracts";
import type { ReactNode } from "react";
import { useLogoutMutation } from "../data/auth.js";
import type { Route } from "../lib/router.js";
import { useLiveFeed } from "../live/use-live-feed.js";
import { LogoMark, LogoutIcon } from "./icons.js";
import { Link } from "./link.js";
import { LiveIndicator } from "./live-indicator.js";
import { ThemeToggle } from "./theme-toggle.js";

/** The signed-in frame: product, navigation, live state, theme, user and logout. */
export function AppShell({ me, route, children }: { me: Me; route: Route; children: ReactNode }) {
  const section =
    route.page === "realms" ||
    ((route.page === "stores" || route.page === "create-store" || route.page === "store") &&
      route.owner === "realm")
      ? "realms"
      : route.page === "not-found"
        ? null
        : "clusters";
  useLiveFeed();
  const logout = useLogoutMutation();
  return (
    <div className="shell">
      <header className="topbar">
        <div className="topbar__brand">
          <LogoMark />
          <span className="topbar__product">Enterprise Manager</span>
        </div>
        <nav className="topbar__nav" aria-label="Main">
          <Link
            to={{ page: "realms" }}
            className={`topbar__link${section === "realms" ? " topbar__link--active" : ""}`}
            aria-current={section === "realms" ? "page" : undefined}
            data-testid="nav-realms"
          >
            Realms
          </Link>
          <Link
            to={{ page: "clusters" }}
            className={`topbar__link${section === "clusters" ? " topbar__link--active" : ""}`}
            aria-current={section === "clusters" ? "page" : undefined}
            data-testid="nav-clusters"
          >
            Clusters
          </Link>
        </nav>
        <div className="topbar__tools">
          <LiveIndicator />
          <ThemeToggle />
          <span className="topbar__user" data-testid="current-user">
            <span className="topbar__username">{me.user.username}</span>
            <span className="role">{me.user.role}</span>
          </span>
          <button
            type="button"
            className="button button--ghost"
            onClick={() => logout.mutate()}
            disabled={logout.isPending}
            data-testid="logout"
          >
            <LogoutIcon />
            Log out
          </button>
        </div>
      </header>
      <main className="content">{children}</main>
    </div>
  );
}
