import { createServer } from "node:net";

/** `free`, or why a listener could not bind there (`EADDRINUSE`, `EADDRNOTAVAIL`, …). */
export type PortProbe = { free: true } | { free: false; code: string; message: string };

/** Tries to listen on host:port, the way the realm would, and lets go at once. */
export function probePort(host: string, port: number): Promise<PortProbe> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", (error: NodeJS.ErrnoException) => {
      resolve({ free: false, code: error.code ?? "UNKNOWN", message: error.message });
    });
    // exclusive: no sharing of a handle with cluster workers; we want the OS's own answer.
    server.listen({ host, port, exclusive: true }, () => {
      server.close(() => resolve({ free: true }));
    });
  });
}
