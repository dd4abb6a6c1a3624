import { createServer } from "node:net";

/**
 * Ports this process has handed out. A port is only bound later, by whoever asked for it, so
 * the OS may offer it again meanwhile: two realms of one test were once given the same port.
 */
const handedOut = new Set<number>();

/** @default 20 — attempts at a port not handed out before, before giving up. */
const MAX_ATTEMPTS = 20;

/** A TCP port on 127.0.0.1 that was free a moment ago and that this process never handed out. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const port = await osFreePort();
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error(`freePort: the OS offered only ports already handed out, ${MAX_ATTEMPTS} times`);
}

/** A port the OS says is free now. */
function osFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      if (address === null || typeof address === "string") {
        server.close();
        reject(new Error("freePort: no TCP address"));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}

/** `count` distinct free ports. */
export async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}
