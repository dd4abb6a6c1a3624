import type { AnchorHTMLAttributes } from "react";
import { followLink, routePath, type Route } from "../lib/router.js";

/** An in-app link: a real `href` (new tab, copy link) that navigates without a reload. */
export function Link({
  to,
  ...props
}: { to: Route } & Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "href" | "onClick">) {
  return <a href={routePath(to)} onClick={followLink(to)} {...props} />;
}
