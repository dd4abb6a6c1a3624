import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ApiError } from "@em/contracts";
import { freePort } from "@em/testkit";
import { RealmdClient } from "./realmd-client.js";

const servers: Server[] = [];

/** A real HTTP server that is not realmd, answering every request with `handler`. */
async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function failure(call: Promise<unknown>): Promise<ApiError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

const token = "0123456789abcdef0123456789abcdef";

describe("realmd client", () => {
  it("reports a refused connection as HOST_UNREACHABLE naming the URL", async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const error = await failure(new RealmdClient(url, token).health());
    expect(error.code).toBe("HOST_UNREACHABLE");
    expect(error.message).toContain(url);
    expect(error.message).toMatch(/connection refused/);
  });

  it("reports an unknown host name as HOST_UNREACHABLE", async () => {
    const error = await failure(
      new RealmdClient("http://no-such-host.invalid:7700", token).health(),
    );
    expect(error.code).toBe("HOST_UNREACHABLE");
  });

  it("reports a host that never answers as HOST_TIMEOUT", async () => {
    const url = await serve(() => {
      // never answers
    });
    const error = await failure(new RealmdClient(url, token).health(300));
    expect(error.code).toBe("HOST_TIMEOUT");
    expect(error.message).toContain("300 ms");
  });

  it("reports a 401 as HOST_REJECTED: the token was refused", async () => {
    const url = await serve((_req, res) => res.writeHead(401).end());
    const error = await failure(new RealmdClient(url, token).health());
    expect(error.code).toBe("HOST_REJECTED");
    expect(error.message).toBe(`realmd at ${url} refused the token`);
  });

  it("reports a server that is not realmd as HOST_REJECTED", async () => {
    const url = await serve((_req, res) =>
      res.writeHead(200, { "content-type": "text/html" }).end("<html>"),
    );
    const error = await failure(new RealmdClient(url, token).health());
    expect(error.code).toBe("HOST_REJECTED");
    expect(error.message).toMatch(/does not look like realmd/);
  });

  it("passes realmd's own errors through with their code and message", async () => {
    const url = await serve((_req, res) =>
      res.writeHead(409, { "content-type": "application/json" }).end(
        JSON.stringify({
          error: { code: "PORT_IN_USE", message: "port 9100 is in use by another process" },
        }),
      ),
    );
    const error = await failure(new RealmdClient(url, token).realmAction("realm1", "start"));
    expect(error.code).toBe("PORT_IN_USE");
    expect(error.message).toBe("port 9100 is in use by another process");
  });

  it("never turns realmd's internal errors into ours", async () => {
    const url = await serve((_req, res) =>
      res
        .writeHead(500, { "content-type": "application/json" })
        .end(JSON.stringify({ error: { code: "INTERNAL", message: "boom" } })),
    );
    const error = await failure(new RealmdClient(url, token).listRealms());
    expect(error.code).toBe("HOST_REJECTED");
    expect(error.status).toBeLessThan(500);
  });

  it("sends the token as a bearer header", async () => {
    let authorization: string | undefined;
    const url = await serve((req, res) => {
      authorization = req.headers.authorization;
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ realms: [] }));
    });
    expect(await new RealmdClient(url, token).listRealms()).toEqual([]);
    expect(authorization).toBe(`Bearer ${token}`);
  });
});
