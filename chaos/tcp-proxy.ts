// A TCP proxy in front of one realm's client port, for network faults the realm itself never
// sees: `blackhole` (connections stay open, new ones are accepted, nothing passes either way
// until healed — what a silent network looks like with TCP retransmitting underneath), `reset`
// (every connection is destroyed with a RST, and new ones too while it lasts) and `delay`
// (every chunk is passed on after `delayMs`, in order).
import { createServer, Socket, type AddressInfo, type Server } from "node:net";

export type ProxyMode =
  { type: "pass" } | { type: "blackhole" } | { type: "reset" } | { type: "delay"; delayMs: number };

export interface TcpProxy extends AsyncDisposable {
  /** The port the proxy listens on (127.0.0.1). */
  readonly port: number;
  readonly mode: ProxyMode;
  /** Connections open through the proxy now. */
  readonly connections: number;
  setMode(mode: ProxyMode): void;
  close(): Promise<void>;
}

export interface TcpProxyOptions {
  /** The port to forward to, on 127.0.0.1. */
  targetPort: number;
  /** @default 0 — a free port */
  port?: number;
}

interface Pipe {
  client: Socket;
  upstream: Socket;
}

/** Forwards `from` → `to` under the proxy's current mode. */
function forward(from: Socket, to: Socket, mode: () => ProxyMode): void {
  // Chunks held back by a delay go out in arrival order, each no earlier than its due time.
  const delayed: { due: number; chunk: Buffer }[] = [];
  let timer: NodeJS.Timeout | undefined;
  const drainDelayed = () => {
    timer = undefined;
    const now = Date.now();
    while (delayed.length > 0 && (delayed[0]?.due ?? 0) <= now) {
      const next = delayed.shift();
      if (next && !to.destroyed) to.write(next.chunk);
    }
    const head = delayed[0];
    if (head) timer = setTimeout(drainDelayed, Math.max(0, head.due - Date.now()));
  };
  from.on("data", (chunk: Buffer) => {
    const current = mode();
    if (current.type === "delay" || delayed.length > 0) {
      delayed.push({
        due: Date.now() + (current.type === "delay" ? current.delayMs : 0),
        chunk,
      });
      timer ??= setTimeout(drainDelayed, Math.max(0, (delayed[0]?.due ?? 0) - Date.now()));
    } else if (!to.destroyed) to.write(chunk);
  });
  from.on("close", () => clearTimeout(timer));
}

export async function startTcpProxy(options: TcpProxyOptions): Promise<TcpProxy> {
  let mode: ProxyMode = { type: "pass" };
  const pipes = new Set<Pipe>();

  const destroy = (pipe: Pipe) => {
    pipes.delete(pipe);
    for (const socket of [pipe.client, pipe.upstream])
      if (!socket.destroyed) socket.resetAndDestroy();
  };
  const pause = (pipe: Pipe) => {
    pipe.client.pause();
    pipe.upstream.pause();
  };
  const resume = (pipe: Pipe) => {
    pipe.client.resume();
    pipe.upstream.resume();
  };

  const server: Server = createServer({ pauseOnConnect: true }, (client) => {
    if (mode.type === "reset") {
      client.resetAndDestroy();
      return;
    }
    const upstream = new Socket();
    const pipe: Pipe = { client, upstream };
    pipes.add(pipe);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    for (const socket of [client, upstream]) {
      socket.on("error", () => destroy(pipe));
      socket.on("close", () => destroy(pipe));
    }
    forward(client, upstream, () => mode);
    forward(upstream, client, () => mode);
    upstream.pause();
    upstream.connect(options.targetPort, "127.0.0.1", () => {
      if (pipes.has(pipe) && mode.type !== "blackhole") resume(pipe);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  const close = async () => {
    for (const pipe of [...pipes]) destroy(pipe);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return {
    port,
    get mode() {
      return mode;
    },
    get connections() {
      return pipes.size;
    },
    setMode(next) {
      mode = next;
      if (next.type === "reset") for (const pipe of [...pipes]) destroy(pipe);
      else if (next.type === "blackhole") for (const pipe of pipes) pause(pipe);
      else for (const pipe of pipes) if (pipe.upstream.readyState === "open") resume(pipe);
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
