import { X509Certificate } from "node:crypto";
import { stat } from "node:fs/promises";
import { createServer, type AddressInfo, type Server } from "node:net";
import { join } from "node:path";
import { connect as tlsConnect } from "node:tls";
import { freePort, tempDir } from "@em/testkit";
import { describe, expect, it } from "vitest";
import { ApiError } from "@em/contracts";
import { certificateHosts, loadRealmTls, localCaPaths } from "./realm-tls.js";
import { announceTlsRequired, TlsTerminator } from "./tls-terminator.js";

/** A plain TCP server that answers every chunk with "echo:<chunk>". */
async function echoServer(): Promise<Server> {
  const server = createServer((socket) => {
    socket.on("data", (chunk) => socket.write(`echo:${chunk.toString()}`));
    socket.on("error", () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

/** Sends `text` over TLS to port and resolves with the answer, or rejects with the TLS error. */
function roundTrip(port: number, ca: string | undefined, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: "127.0.0.1", port, ...(ca ? { ca } : {}) }, () => {
      socket.write(text);
    });
    socket.once("data", (chunk: Buffer) => {
      resolve(chunk.toString());
      socket.destroy();
    });
    socket.once("error", reject);
    socket.once("close", () => reject(new Error("closed without an answer")));
  });
}

describe("realm TLS certificates and the TLS terminator", () => {
  it("generates a local CA and a realm certificate that a client trusting the CA accepts for 127.0.0.1", async () => {
    await using dir = await tempDir("realm-tls");
    const material = await loadRealmTls({
      dataDir: dir.path,
      realmTlsDir: join(dir.path, "realms", "realm1", "tls"),
      bindHost: "127.0.0.1",
      files: null,
    });
    expect(material.certificate).toBe("generated");
    const ca = material.caPem as string;
    expect(new X509Certificate(ca).ca).toBe(true);
    expect(ca).not.toContain("PRIVATE KEY");
    // Private keys are private to realmd's user.
    for (const key of [
      localCaPaths(dir.path).keyPath,
      join(dir.path, "realms", "realm1", "tls", "server-key.pem"),
    ])
      expect((await stat(key)).mode & 0o777, key).toBe(0o600);

    const backend = await echoServer();
    const port = await freePort();
    const terminator = await TlsTerminator.start({
      listen: { host: "127.0.0.1", port },
      target: { host: "127.0.0.1", port: (backend.address() as AddressInfo).port },
      secureContext: material.secureContext,
      protocol: "websocket",
    });
    try {
      expect(await roundTrip(port, ca, "hello")).toBe("echo:hello");
      // Without the CA the client refuses the certificate: a clear error, not a hang.
      await expect(roundTrip(port, undefined, "hello")).rejects.toThrow(/self-signed|certificate/);
    } finally {
      await terminator.close();
      backend.close();
    }
  });

  it("resets a client at once when the realm behind it is down", async () => {
    await using dir = await tempDir("realm-tls");
    const material = await loadRealmTls({
      dataDir: dir.path,
      realmTlsDir: join(dir.path, "tls-realm"),
      bindHost: "127.0.0.1",
      files: null,
    });
    const [port, downPort] = [await freePort(), await freePort()];
    const terminator = await TlsTerminator.start({
      listen: { host: "127.0.0.1", port },
      target: { host: "127.0.0.1", port: downPort },
      secureContext: material.secureContext,
      protocol: "websocket",
    });
    try {
      await expect(roundTrip(port, material.caPem ?? undefined, "hello")).rejects.toThrow(
        /ECONNRESET|socket disconnected|closed/,
      );
    } finally {
      await terminator.close();
    }
  });

  it("reuses the CA and the realm certificate across loads, and covers loopback and the bind host", async () => {
    await using dir = await tempDir("realm-tls");
    const load = () =>
      loadRealmTls({
        dataDir: dir.path,
        realmTlsDir: join(dir.path, "tls-realm"),
        bindHost: "127.0.0.2",
        files: null,
      });
    const first = await load();
    const second = await load();
    expect(second.caPem).toBe(first.caPem);
    expect(certificateHosts("127.0.0.2")).toEqual(
      expect.arrayContaining(["127.0.0.1", "::1", "localhost", "127.0.0.2"]),
    );
    expect(certificateHosts("0.0.0.0")).not.toContain("0.0.0.0");
  });

  it("announces tls_required in a realm's first INFO split across chunks, and passes the rest as it is", async () => {
    const info = announceTlsRequired();
    const out: Buffer[] = [];
    info.on("data", (chunk: Buffer) => out.push(chunk));
    info.write('INFO {"server_name":"realm1",');
    info.write('"tls_required":false}\r\nPING\r\n');
    info.end("PONG\r\n");
    await new Promise((resolve) => info.once("end", resolve));
    expect(Buffer.concat(out).toString()).toBe(
      'INFO {"server_name":"realm1","tls_required":true}\r\nPING\r\nPONG\r\n',
    );
  });

  it("refuses operator files that cannot be read, naming the field", async () => {
    const error = await loadRealmTls({
      dataDir: "/nonexistent",
      realmTlsDir: "/nonexistent/tls",
      bindHost: "127.0.0.1",
      files: { certFile: "/nonexistent/cert.pem", keyFile: "/nonexistent/key.pem" },
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe("VALIDATION");
    expect((error as ApiError).message).toContain("/nonexistent/cert.pem");
  });
});
