import type { Host } from "@em/contracts";

/** No realms: say why and what to do, which depends on whether any host is registered. */
export function RealmsEmpty({ hosts }: { hosts: readonly Host[] | undefined }) {
  if (hosts !== undefined && hosts.length === 0) {
    return (
      <div className="empty" data-testid="realms-empty">
        <h2>No realm host registered</h2>
        <p>
          Realms live on hosts that run <code>realmd</code>. Register one with its control URL and
          token (<code>POST /api/hosts</code>), or run <code>npm start</code>, which starts a local
          realmd with three realms and registers it.
        </p>
      </div>
    );
  }
  return (
    <div className="empty" data-testid="realms-empty">
      <h2>No realms yet</h2>
      <p>
        {hosts
          ? `${hosts.length} ${hosts.length === 1 ? "host is" : "hosts are"} registered but hold no realms. `
          : ""}
        Create a realm on a host with <code>POST /api/realms</code> (name, host and its nsp, nhp and
        monitoring ports); it appears here as soon as it exists.
      </p>
    </div>
  );
}
