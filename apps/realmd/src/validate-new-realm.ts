import { isIP } from "node:net";
import { ApiError, type CreateHostedRealm } from "@em/contracts";
import { INTERFACE_LABELS, assignedPorts, type RealmPorts } from "./assert-ports-free.js";

const HOSTNAME = /^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/;

/** A create request's bind host and ports, checked. */
export interface NewRealm {
  bindHost: string;
  ports: RealmPorts;
}

/**
 * Checks a create request on its own and against `owners`, the name and ports of every realm
 * this host defines or is creating. Throws VALIDATION or CONFLICT; touches no port.
 */
export function validateNewRealm(
  input: CreateHostedRealm,
  owners: readonly (readonly [string, RealmPorts])[],
): NewRealm {
  const { name } = input;
  const bindHost = input.bindHost.trim();
  const ports: RealmPorts = {
    nsp: input.nspPort,
    nhp: input.nhpPort,
    monitor: input.monitorPort,
    cluster: input.clusterPort ?? null,
    nsps: input.nspsPort ?? null,
    nhps: input.nhpsPort ?? null,
  };
  if (input.tls && ports.nsps === null && ports.nhps === null) {
    throw new ApiError(
      "VALIDATION",
      "tls names a certificate but no TLS port: send nspsPort or nhpsPort",
      {
        details: { issues: [{ path: "tls", message: "a certificate needs nspsPort or nhpsPort" }] },
      },
    );
  }
  if (isIP(bindHost) === 0 && !HOSTNAME.test(bindHost)) {
    throw new ApiError(
      "VALIDATION",
      `bindHost ${JSON.stringify(input.bindHost)} is not an IP address or host name`,
      {
        details: { issues: [{ path: "bindHost", message: "not an IP address or host name" }] },
      },
    );
  }
  assertDistinctPorts(ports);
  if (owners.some(([owner]) => owner === name)) {
    throw new ApiError("CONFLICT", `A realm named ${name} already exists on this host`);
  }
  assertPortsUnassigned(name, ports, owners);
  return { bindHost, ports };
}

/**
 * Checks a realm's ports, e.g. with a new cluster port: all different (VALIDATION) and none
 * assigned to another realm of `owners` (CONFLICT). Touches no port.
 */
export function validateRealmPorts(
  name: string,
  ports: RealmPorts,
  owners: readonly (readonly [string, RealmPorts])[],
): void {
  assertDistinctPorts(ports);
  assertPortsUnassigned(name, ports, owners);
}

function assertDistinctPorts(ports: RealmPorts): void {
  const issues: { path: string; message: string }[] = [];
  const assigned = assignedPorts(ports);
  assigned.forEach(([name, port], i) => {
    const earlier = assigned.slice(0, i).find(([, other]) => other === port);
    if (earlier) {
      issues.push({
        path: `${name}Port`,
        message: `port ${port} is already the realm's ${earlier[0]} port`,
      });
    }
  });
  if (issues.length > 0) {
    throw new ApiError(
      "VALIDATION",
      `A realm needs a different port for each interface: ${issues.map((i) => i.message).join("; ")}`,
      {
        details: { issues },
      },
    );
  }
}

/** Ports of another realm's definition are taken even while that realm is stopped. */
function assertPortsUnassigned(
  name: string,
  ports: RealmPorts,
  owners: readonly (readonly [string, RealmPorts])[],
): void {
  for (const [iface, port] of assignedPorts(ports)) {
    for (const [owner, taken] of owners) {
      const clash = assignedPorts(taken).find(([, other]) => other === port)?.[0];
      if (owner !== name && clash) {
        throw new ApiError(
          "CONFLICT",
          `Port ${port} (${INTERFACE_LABELS[iface]}) is already assigned to realm ${owner} as its ${clash} port`,
          { details: { port, interface: iface, realm: owner } },
        );
      }
    }
  }
}
