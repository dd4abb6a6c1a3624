import { connect, createServer, type Server, type Socket } from "node:net";
import { Transform } from "node:stream";
import { TLSSocket, type SecureContext } from "node:tls";

/** The longest first line a realm may send before it counts as not speaking NATS. @default 64 KiB */
export const MAX_INFO_BYTES = 65_536;

/**
 * Passes a NATS server's byte stream through, setting `tls_required` in its first `INFO`: the
 * realm behind the nsps listener speaks plain NATS, but its client did connect over TLS, and
 * NATS clients refuse a TLS connection to a server that does not announce TLS (nats.js
 * `checkOptions`), as nats-server with `handshake_first` would announce it.
 */
export function announceTlsRequired(): Transform {
  let head: Buffer | null = Buffer.alloc(0);
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (head === null) {
        done(null, chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf("\r\n");
      if (end < 0) {
        done(head.length > MAX_INFO_BYTES ? new Error("no INFO line from the realm") : null);
        return;
      }
      const line = head.subarray(0, end).toString("utf8");
      const rest = head.subarray(end);
      head = null;
      const json = /^INFO\s+(\{.*\})\s*$/.exec(line)?.[1];
      if (json === undefined) {
        done(new Error("the realm did not start with INFO"));
        return;
      }
      const info = { ...(JSON.parse(json) as Record<string, unknown>), tls_required: true };
      done(null, Buffer.concat([Buffer.from(`INFO ${JSON.stringify(info)}`), rest]));
    },
  });
}

/**
 * A realm's TLS interface: accepts TLS on `listen` and pipes the plain bytes to the realm's own
 * plain listener at `target` (its nsp or nhp port).
 *
 * Why realmd terminates TLS rather than nats-server (nats-server 2.10.27, checked): it has one
 * client listener and one WebSocket listener. A TLS WebSocket listener would leave no nhp; and
 * TLS on the client listener with `allow_non_tls` makes every INFO say `tls_available`, which
 * nats.js takes as a cue to upgrade plain connections, so every `nsp://` client without the CA
 * (the admin API's, the SDK's) would fail. Terminating here keeps nsp and nhp exactly as they
 * were. `nsps` is TLS from the first byte, as UM's nsps is (nats.js `tls.handshakeFirst`).
 *
 * The backend is dialled before the TLS handshake: when the realm is down the client's socket is
 * reset at once, as a dead realm's port would be, instead of completing a handshake for nothing.
 */
export class TlsTerminator {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly secureContext: SecureContext,
    private readonly target: { host: string; port: number },
    private readonly protocol: "nats" | "websocket",
  ) {
    // Paused until the TLS socket takes over the handle: no byte of the ClientHello is lost.
    this.server = createServer({ pauseOnConnect: true }, (raw) => this.accept(raw));
  }

  /** Listens on `listen`; rejects with the listen error (EADDRINUSE …). */
  static async start(options: {
    listen: { host: string; port: number };
    target: { host: string; port: number };
    secureContext: SecureContext;
    /** `nats` (nsps) announces TLS in the realm's INFO; `websocket` (nhps) passes bytes as they are. */
    protocol: "nats" | "websocket";
  }): Promise<TlsTerminator> {
    const terminator = new TlsTerminator(options.secureContext, options.target, options.protocol);
    await new Promise<void>((resolve, reject) => {
      terminator.server.once("error", reject);
      terminator.server.listen(options.listen.port, options.listen.host, () => {
        terminator.server.off("error", reject);
        resolve();
      });
    });
    return terminator;
  }

  /** Stops listening and cuts every connection through it. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.once("close", () => this.sockets.delete(socket));
  }

  private accept(raw: Socket): void {
    this.track(raw);
    raw.on("error", () => raw.destroy());
    const backend = connect({ host: this.target.host, port: this.target.port });
    this.track(backend);
    backend.setNoDelay(true);
    const refuse = () => {
      backend.destroy();
      // A reset, as the realm's own port would answer while it is down.
      raw.resetAndDestroy();
    };
    backend.once("error", refuse);
    backend.once("connect", () => {
      backend.off("error", refuse);
      if (raw.destroyed) {
        backend.destroy();
        return;
      }
      const secure = new TLSSocket(raw, { isServer: true, secureContext: this.secureContext });
      this.track(secure);
      secure.setNoDelay(true);
      const cut = () => {
        secure.destroy();
        backend.destroy();
      };
      secure.on("error", cut);
      backend.on("error", cut);
      secure.once("close", cut);
      backend.once("close", cut);
      secure.pipe(backend);
      if (this.protocol === "nats") {
        const info = announceTlsRequired();
        info.on("error", cut);
        backend.pipe(info).pipe(secure);
      } else {
        backend.pipe(secure);
      }
    });
  }
}
