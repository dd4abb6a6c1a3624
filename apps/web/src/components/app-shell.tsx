import type { Me } from "@em/contracts";
import type { ReactNode } from "react";
import { useLogoutMutation } from "../data/auth.js";
import type { Route } from "../lib/router.js";
import { useLiveFeed } from "../live/use-live-feed.js";
import { LogoMark, LogoutIcon } from "./icons.js";
import { Link } from "./link.js";
import { LiveIndicator } from "./live-indicator.js";
import { ThemeToggle } from "./theme-toggle.js";

type NavSection =
  "realms" | "clusters" | "sessions" | "drills" | "users" | "audit" | "app-credentials";

/** The header entry a page belongs to; none for an unknown path. */
function navSection(route: Route): NavSection | null {
  switch (route.page) {
    case "realms":
    case "realm-connections":
      return "realms";
    case "stores":
    case "create-store":
    case "store":
      return route.owner === "realm" ? "realms" : "clusters";
    case "sessions":
    case "session":
      return "sessions";
    case "drills":
    case "drill":
      return "drills";
    case "users":
      return "users";
    case "audit":
      return "audit";
    case "app-credentials":
      return "app-credentials";
    case "not-found":
    case "account":
      return null;
    default:
      return "clusters";
  }
}

const NAV: readonly { section: NavSection; label: string; to: Route; adminOnly?: true }[] = [
  { section: "realms", label: "Realms", to: { page: "realms" } },
  { section: "clusters", label: "Clusters", to: { page: "clusters" } },
  { section: "sessions", label: "Sessions", to: { page: "sessions" } },
  { section: "drills", label: "Drills", to: { page: "drills" } },
  { section: "users", label: "Users", to: { page: "users" }, adminOnly: true },
  { section: "audit", label: "Audit", to: { page: "audit" }, adminOnly: true },
  {
    section: "app-credentials",
    label: "Applications",
    to: { page: "app-credentials" },
    adminOnly: true,
  },
];

/** The signed-in frame: product, navigation, live state, theme, user and logout. */
export function AppShell({ me, route, children }: { me: Me; route: Route; children: ReactNode }) {
  const section = navSection(route);
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
          {NAV.filter((entry) => !entry.adminOnly || me.user.role === "admin").map((entry) => (
            <Link
              key={entry.section}
              to={entry.to}
              className={`topbar__link${section === entry.section ? " topbar__link--active" : ""}`}
              aria-current={section === entry.section ? "page" : undefined}
              data-testid={`nav-${entry.section}`}
            >
              {entry.label}
            </Link>
          ))}
        </nav>
        <div className="topbar__tools">
          <LiveIndicator />
          <ThemeToggle />
          <span className="topbar__user" data-testid="current-user">
            <span className="topbar__username">{me.user.username}</span>
            <span className="role">{me.user.role}</span>
          </span>
          <Link to={{ page: "account" }} className="button button--ghost" data-testid="nav-account">
            Account
          </Link>
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
