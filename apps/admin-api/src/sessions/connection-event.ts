import { z } from "zod";
import type { ClientProtocol } from "@em/contracts";

/** The admin API's own connections are named so; they are not client sessions. */
export const ADMIN_CONNECTION_PREFIX = "em-admin-api";

/**
 * The fields of nats-server's `io.nats.server.advisory.v1.client_connect` / `client_disconnect`
 * advisories this module reads. `server` is the realm the client is on: in a cluster every
 * member relays every member's advisories.
 */
const ClientAdvisorySchema = z.object({
  type: z.enum([
    "io.nats.server.advisory.v1.client_connect",
    "io.nats.server.advisory.v1.client_disconnect",
  ]),
  timestamp: z.string(),
  server: z.object({ name: z.string(), id: z.string() }),
  client: z.object({
    start: z.string(),
    host: z.string().optional(),
    id: z.number().int().nonnegative(),
    acc: z.string().optional(),
    name: z.string().optional(),
    kind: z.string().optional(),
    client_type: z.string().optional(),
    stop: z.string().optional(),
  }),
  reason: z.string().optional(),
});

/** One client connection of a realm as this module keeps it. */
export interface ConnectionFacts {
  /** Unique across realms and restarts: server id, cid and start time. */
  key: string;
  serverId: string;
  cid: number;
  realm: string;
  name: string | null;
  ip: string | null;
  protocol: ClientProtocol | null;
  openedAt: string;
}

export type ConnectionEvent =
  | { type: "opened"; connection: ConnectionFacts }
  | { type: "closed"; connection: ConnectionFacts; at: string; reason: string | null };

/** Normalises any timestamp the engine writes (nanoseconds, offsets) to `toISOString()`. */
export function isoTime(value: string | number | Date): string {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? new Date().toISOString() : date.toISOString();
}

export function connectionKey(serverId: string, cid: number, start: string): string {
  return `${serverId}/${cid}/${isoTime(start)}`;
}

/**
 * The UM protocol of a connection from what the engine says of it. nats-server 2.10's
 * advisories name the transport (`nats` / `websocket`) but not TLS, so `tls` comes from
 * elsewhere (the monitoring view, or an SDK report's RNAME) when known.
 */
export function protocolOf(clientType: string | undefined, tls = false): ClientProtocol | null {
  if (clientType === "websocket") return tls ? "nhps" : "nhp";
  if (clientType === "nats") return tls ? "nsps" : "nsp";
  return null;
}

/** The protocol an SDK used, from the scheme of the RNAME it reached its realm with. */
export function protocolOfRname(rname: string | null): ClientProtocol | null {
  const scheme = rname ? /^(nsps?|nhps?):\/\//i.exec(rname)?.[1]?.toLowerCase() : undefined;
  return (scheme as ClientProtocol | undefined) ?? null;
}

export const isAdminConnection = (name: string | null | undefined) =>
  name?.startsWith(ADMIN_CONNECTION_PREFIX) ?? false;

/**
 * A client connect or disconnect advisory as a {@link ConnectionEvent}; undefined for what is
 * not one, for routes and leaf nodes, and for the admin API's own connections.
 */
export function parseConnectionAdvisory(data: unknown): ConnectionEvent | undefined {
  const parsed = ClientAdvisorySchema.safeParse(data);
  if (!parsed.success) return undefined;
  const { server, client, type, reason, timestamp } = parsed.data;
  if (client.kind !== undefined && client.kind !== "Client") return undefined;
  if (isAdminConnection(client.name)) return undefined;
  const connection: ConnectionFacts = {
    key: connectionKey(server.id, client.id, client.start),
    serverId: server.id,
    cid: client.id,
    realm: server.name,
    name: client.name || null,
    ip: client.host ?? null,
    protocol: protocolOf(client.client_type),
    openedAt: isoTime(client.start),
  };
  if (type === "io.nats.server.advisory.v1.client_connect") return { type: "opened", connection };
  return {
    type: "closed",
    connection,
    at: isoTime(client.stop ?? timestamp),
    reason: reason || null,
  };
}
