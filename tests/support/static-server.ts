import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
};

/** A folder served over HTTP on loopback, and every path the browser asked for. */
export interface StaticServer extends AsyncDisposable {
  readonly url: string;
  readonly requested: string[];
}

/**
 * Serves `root` on 127.0.0.1 at a free port (the OS picks it). `/` is `index.html`; paths that
 * climb out of `root` or name no file answer 404.
 */
export async function serveStatic(root: string): Promise<StaticServer> {
  const requested: string[] = [];
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    requested.push(path);
    const file = normalize(join(root, path === "/" ? "index.html" : path));
    if (!file.startsWith(root)) {
      response.writeHead(404).end();
      return;
    }
    readFile(file).then(
      (body) => {
        const type = CONTENT_TYPES[extname(file)] ?? "application/octet-stream";
        response.writeHead(200, { "content-type": type }).end(body);
      },
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requested,
    [Symbol.asyncDispose]: () =>
      new Promise<void>((resolve) => {
        // Chromium keeps connections alive; close them so close() does not wait for it.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
