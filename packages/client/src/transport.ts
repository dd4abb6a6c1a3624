import { wsconnect, type ConnectionOptions, type NatsConnection } from "@nats-io/nats-core";
import type { Rname } from "./rname.js";

/**
 * Opens one NATS connection to one RNAME. The session calls it once per attempt with
 * `reconnect: false` and a single server: the session, not nats.js, walks the RNAME list.
 */
export type RealmTransport = (rname: Rname, options: ConnectionOptions) => Promise<NatsConnection>;

const isNode = typeof process !== "undefined" && process.versions?.node !== undefined;

/**
 * TCP (`nsp`, `nsps`) through `@nats-io/transport-node`; WebSocket (`nhp`, `nhps`) through
 * nats-core's `wsconnect`. Node-only modules are imported only when an RNAME needs them, so a
 * browser bundle using WebSocket RNAMEs never loads them.
 */
export const defaultTransport: RealmTransport = async (rname, options) => {
  if (rname.websocket) {
    const scheme = rname.tls ? "wss" : "ws";
    const host = rname.host.includes(":") ? `[${rname.host}]` : rname.host;
    return wsconnect({
      ...options,
      servers: `${scheme}://${host}:${rname.port}`,
      // Node 20 has no usable global WebSocket: without a factory the connect hangs silently.
      ...(isNode && typeof globalThis.WebSocket === "undefined"
        ? { wsFactory: nodeWebSocketFactory }
        : {}),
    });
  }
  if (!isNode) throw new Error(`${rname.text}: a browser can only reach nhp:// or nhps:// realms`);
  const { connect } = await import("@nats-io/transport-node");
  return connect({
    ...options,
    servers: `${rname.host.includes(":") ? `[${rname.host}]` : rname.host}:${rname.port}`,
    ...(rname.tls ? { tls: options.tls ?? {} } : {}),
  });
};

async function nodeWebSocketFactory(
  url: string,
): Promise<{ socket: WebSocket; encrypted: boolean }> {
  const { WebSocket: NodeWebSocket } = await import("ws");
  // ws implements the W3C WebSocket surface nats-core uses (binaryType, on* handlers, send).
  const socket = new NodeWebSocket(url) as unknown as WebSocket;
  return { socket, encrypted: url.startsWith("wss://") };
}
