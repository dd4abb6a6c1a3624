import type { Me } from "@em/contracts";
import type { ReactNode } from "react";
import { useLogoutMutation } from "../data/auth.js";
import { useLiveFeed } from "../live/use-live-feed.js";
import { LogoMark, LogoutIcon } from "./icons.js";
import { LiveIndicator } from "./live-indicator.js";
import { ThemeToggle } from "./theme-toggle.js";

/** The signed-in frame: product, navigation, live state, theme, user and logout. */
export function AppShell({ me, children }: { me: Me; children: ReactNode }) {
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
          <a className="topbar__link topbar__link--active" href="/" aria-current="page">
            Realms
          </a>
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
