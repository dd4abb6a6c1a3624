import { ApiError, type RealmCredentials } from "@em/contracts";
import type { HostStore } from "./host-store.js";
import type { RealmPoller } from "./realm-poller.js";
import { advertisedHost } from "./realm-summary.js";
import { RealmdClient } from "./realmd-client.js";

/** How the admin API itself reaches one realm as a client: address, RNAME and users. */
export interface RealmAccess {
  realm: string;
  /** Its nsp interface's address and port, and the two as `host:port`. */
  host: string;
  port: number;
  server: string;
  /** The same as an RNAME: `nsp://host:port`. */
  rname: string;
  /** From realmd; kept in memory only, never logged or sent to a browser. */
  credentials: RealmCredentials;
}

/**
 * Where a realm is and its users, from the poller's view and its host's realmd. Refused with
 * INVALID_STATE when no registered host lists the realm: only realmd can hand out its users.
 */
export async function realmAccess(
  poller: RealmPoller,
  hosts: HostStore,
  realm: string,
): Promise<RealmAccess> {
  const view = poller.findRealm(realm);
  const host = view && hosts.get(view.hostId);
  if (!view || !host)
    throw new ApiError(
      "INVALID_STATE",
      `Realm "${realm}" is on no registered host: register its host to reach it`,
    );
  const credentials = await new RealmdClient(host.url, host.token).realmCredentials(realm);
  const address = advertisedHost(view.definition.bindHost, host.url);
  const hostPart = address.includes(":") ? `[${address}]` : address;
  const server = `${hostPart}:${view.definition.ports.nsp}`;
  const port = view.definition.ports.nsp;
  return { realm, host: address, port, server, rname: `nsp://${server}`, credentials };
}
