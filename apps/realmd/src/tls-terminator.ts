import { connect, createServer, type Server, type Socket } from "node:net";
import { TLSSocket, type SecureContext } from "node:tls";

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
  ) {
    // Paused until the TLS socket takes over the handle: no byte of the ClientHello is lost.
    this.server = createServer({ pauseOnConnect: true }, (raw) => this.accept(raw));
  }

  /** Listens on `listen`; rejects with the listen error (EADDRINUSE …). */
  static async start(options: {
    listen: { host: string; port: number };
    target: { host: string; port: number };
    secureContext: SecureContext;
  }): Promise<TlsTerminator> {
    const terminator = new TlsTerminator(options.secureContext, options.target);
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
      backend.pipe(secure);
    });
  }
}
