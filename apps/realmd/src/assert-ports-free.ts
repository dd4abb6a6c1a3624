import { ApiError } from "@em/contracts";
import { probePort } from "./probe-port.js";

export type RealmInterfaceName = "nsp" | "nhp" | "monitor";
export type RealmPorts = Record<RealmInterfaceName, number>;

/** How a person calls each of a realm's ports in an error message. */
export const INTERFACE_LABELS: Readonly<Record<RealmInterfaceName, string>> = {
  nsp: "nsp, NATS TCP",
  nhp: "nhp, NATS WebSocket",
  monitor: "monitoring HTTP",
};

/**
 * Checks that the realm could listen on every one of its ports right now, by binding each the
 * way nats-server will (client interfaces on bindHost, monitoring on loopback).
 */
export async function assertPortsFree(bindHost: string, ports: RealmPorts): Promise<void> {
  const checks = (Object.keys(INTERFACE_LABELS) as RealmInterfaceName[]).map(async (name) => {
    const host = name === "monitor" ? "127.0.0.1" : bindHost;
    const port = ports[name];
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
