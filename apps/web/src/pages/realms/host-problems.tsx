import type { Host } from "@em/contracts";
import { AlertIcon } from "../../components/icons.js";

/** Hosts the admin API cannot reach, and what that means for their realms. */
export function HostProblems({ hosts }: { hosts: readonly Host[] }) {
  const unreachable = hosts.filter((host) => host.status !== "online");
  if (unreachable.length === 0) return null;
  return (
    <div className="notice notice--warning" role="status" data-testid="host-problems">
      <AlertIcon className="notice__icon" />
      <ul className="plain-list">
        {unreachable.map((host) => (
          <li key={host.id}>
            <strong>Host {host.name}</strong> ({host.url}) is unreachable
            {host.problem ? `: ${host.problem}` : ""}. Its realms show as unknown until it answers;
            check that realmd runs there and that its token is still valid.
          </li>
        ))}
      </ul>
    </div>
  );
}
