import type { Role } from "@em/contracts";

/** What each role may do, as the users page explains it. */
export const ROLE_COPY: Readonly<Record<Role, { label: string; help: string }>> = {
  viewer: { label: "Viewer", help: "reads everything but secrets" },
  operator: {
    label: "Operator",
    help: "plus channel and queue operations, test events, bounces and drills",
  },
  admin: { label: "Admin", help: "plus clusters, realms, hosts and users" },
};
