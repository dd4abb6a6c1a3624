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
    // wsconnect refuses a `tls` option: the CA goes to the `ws` socket instead.
    const { tls, ...wsOptions } = options;
    const ca = tls?.ca;
    // Node 20 has no usable global WebSocket: without a factory the connect hangs silently.
    // A global one (Node 22) cannot be given a CA either, so `tls.ca` goes through `ws` too.
    if (!isNode || (typeof globalThis.WebSocket !== "undefined" && !ca)) {
      return wsconnect({ ...wsOptions, servers: `${scheme}://${host}:${rname.port}` });
    }
    const seen: { error?: Error } = {};
    try {
      return await wsconnect({
        ...wsOptions,
        servers: `${scheme}://${host}:${rname.port}`,
        wsFactory: (url) => nodeWebSocket(url, ca, seen),
      });
    } catch (error) {
      // nats-core reports a failed WebSocket as "connection refused"; the socket knew why
      // (an unknown CA, a certificate for another name): say that instead.
      if (seen.error) throw new Error(seen.error.message, { cause: seen.error });
      throw error;
    }
  }
  if (!isNode) throw new Error(`${rname.text}: a browser can only reach nhp:// or nhps:// realms`);
  const { connect } = await import("@nats-io/transport-node");
  return connect({
    ...options,
    servers: `${rname.host.includes(":") ? `[${rname.host}]` : rname.host}:${rname.port}`,
    // nsps is TLS from the first byte, as UM's is: realmd's TLS listener speaks nothing else.
    ...(rname.tls ? { tls: { ...options.tls, handshakeFirst: true } } : {}),
  });
};

async function nodeWebSocket(
  url: string,
  ca: string | undefined,
  seen: { error?: Error },
): Promise<{ socket: WebSocket; encrypted: boolean }> {
  const { WebSocket: NodeWebSocket } = await import("ws");
  const socket = new NodeWebSocket(url, ca ? { ca } : {});
  socket.once("error", (error) => (seen.error = error));
  // ws implements the W3C WebSocket surface nats-core uses (binaryType, on* handlers, send).
  return { socket: socket as unknown as WebSocket, encrypted: url.startsWith("wss://") };
}
