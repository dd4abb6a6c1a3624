import { ApiError } from "@em/contracts";
import { probePort } from "./probe-port.js";

export type RealmInterfaceName = "nsp" | "nhp" | "monitor" | "cluster" | "nsps" | "nhps";
/**
 * A realm's ports; `cluster` is null until the realm has a route port, `nsps` / `nhps` (realmd's
 * own TLS listeners, tls-terminator.ts) null when the realm has no TLS interface.
 */
export type RealmPorts = Record<"nsp" | "nhp" | "monitor", number> & {
  cluster: number | null;
  nsps: number | null;
  nhps: number | null;
};

/** How a person calls each of a realm's ports in an error message. */
export const INTERFACE_LABELS: Readonly<Record<RealmInterfaceName, string>> = {
  nsp: "nsp, NATS TCP",
  nhp: "nhp, NATS WebSocket",
  monitor: "monitoring HTTP",
  cluster: "cluster routes",
  nsps: "nsps, NATS TCP over TLS",
  nhps: "nhps, NATS WebSocket over TLS",
};

/** The interfaces of `ports` that have a port, with it. */
export function assignedPorts(ports: RealmPorts): [RealmInterfaceName, number][] {
  return (Object.keys(INTERFACE_LABELS) as RealmInterfaceName[]).flatMap((name) => {
    const port = ports[name];
    return port === null ? [] : [[name, port] as [RealmInterfaceName, number]];
  });
}

/**
 * Checks that the realm could listen on every one of its ports right now, by binding each the
 * way nats-server will (client and route interfaces on bindHost, monitoring on loopback). A
 * null cluster port is not checked: pass null while the realm is not in a cluster.
 */
export async function assertPortsFree(bindHost: string, ports: RealmPorts): Promise<void> {
  await assertInterfacePortsFree(bindHost, assignedPorts(ports));
}

/** {@link assertPortsFree} for some of a realm's interfaces, e.g. a new cluster port alone. */
export async function assertInterfacePortsFree(
  bindHost: string,
  interfaces: readonly (readonly [RealmInterfaceName, number])[],
): Promise<void> {
  const checks = interfaces.map(async ([name, port]) => {
    const host = name === "monitor" ? "127.0.0.1" : bindHost;
    return { name, host, port, probe: await probePort(host, port) };
  });
  for (const { name, host, port, probe } of await Promise.all(checks)) {
    if (probe.free) continue;
    const details = { interface: name, host, port };
    if (probe.code === "EADDRINUSE") {
      throw new ApiError(
        "PORT_IN_USE",
        `Port ${port} (${INTERFACE_LABELS[name]}) on ${host} is already in use by another process; choose another port or stop what holds it`,
        { details },
      );
    }
    if (
      probe.code === "EADDRNOTAVAIL" ||
      probe.code === "ENOTFOUND" ||
      probe.code === "EAI_AGAIN"
    ) {
      throw new ApiError("VALIDATION", `bindHost ${host} is not an address of this machine`, {
        details: {
          ...details,
          issues: [{ path: "bindHost", message: "not an address of this machine" }],
        },
      });
    }
    throw new ApiError(
      "VALIDATION",
      `Cannot listen on ${host}:${port} (${INTERFACE_LABELS[name]}): ${probe.code}`,
      { details },
    );
  }
}
