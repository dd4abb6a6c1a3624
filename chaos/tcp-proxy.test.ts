import { createServer, connect, type AddressInfo, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startTcpProxy, type TcpProxy } from "./tcp-proxy.js";

// An upstream that echoes every chunk back, standing in for a realm.
async function echoServer(): Promise<Server & AsyncDisposable> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    socket.pipe(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return Object.assign(server, {
    [Symbol.asyncDispose]: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}

interface Client {
  socket: Socket;
  received: () => string;
  closed: Promise<string>;
}

async function client(port: number): Promise<Client> {
  const socket = connect(port, "127.0.0.1");
  let data = "";
  socket.on("data", (chunk: Buffer) => (data += chunk.toString()));
  const closed = new Promise<string>((resolve) => {
    socket.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    socket.on("close", () => resolve("closed"));
  });
  await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  return { socket, received: () => data, closed };
}

async function until(what: string, check: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function proxied(): Promise<{ proxy: TcpProxy; upstream: Server }> {
  const upstream = await echoServer();
  cleanups.push(() => upstream[Symbol.asyncDispose]());
  const proxy = await startTcpProxy({
    targetPort: (upstream.address() as AddressInfo).port,
  });
  cleanups.push(() => proxy.close());
  return { proxy, upstream };
}

describe("tcp proxy", () => {
  it("passes bytes both ways, in order", async () => {
    const { proxy } = await proxied();
    const c = await client(proxy.port);
    cleanups.push(() => Promise.resolve(void c.socket.destroy()));
    const expected = Array.from({ length: 200 }, (_, i) => `line ${i}\n`).join("");
    c.socket.write(expected);
    await until("the echo", () => c.received().length >= expected.length);
    expect(c.received()).toBe(expected);
    expect(proxy.connections).toBe(1);
  });

  it("blackhole: passes nothing until healed, then everything held arrives intact", async () => {
    const { proxy } = await proxied();
    const c = await client(proxy.port);
    cleanups.push(() => Promise.resolve(void c.socket.destroy()));
    c.socket.write("before\n");
    await until("the first echo", () => c.received() === "before\n");
    proxy.setMode({ type: "blackhole" });
    c.socket.write("during\n");
    // A new connection is accepted too, but nothing comes back on it either.
    const late = await client(proxy.port);
    cleanups.push(() => Promise.resolve(void late.socket.destroy()));
    late.socket.write("late\n");
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(c.received()).toBe("before\n");
    expect(late.received()).toBe("");
    proxy.setMode({ type: "pass" });
    await until("the held echo", () => c.received() === "before\nduring\n");
    await until("the late echo", () => late.received() === "late\n");
  });

  it("reset: destroys every connection and refuses new ones until healed", async () => {
    const { proxy } = await proxied();
    const c = await client(proxy.port);
    proxy.setMode({ type: "reset" });
    expect(await c.closed).toMatch(/ECONNRESET|closed/);
    expect(proxy.connections).toBe(0);
    const refused = connect(proxy.port, "127.0.0.1");
    const outcome = await new Promise<string>((resolve) => {
      refused.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
      refused.on("close", () => resolve("closed"));
    });
    expect(outcome).toMatch(/ECONNRESET|closed/);
    proxy.setMode({ type: "pass" });
    const after = await client(proxy.port);
    cleanups.push(() => Promise.resolve(void after.socket.destroy()));
    after.socket.write("ok\n");
    await until("an echo after healing", () => after.received() === "ok\n");
  });

  it("delay: holds each chunk at least the delay, keeps order, and lets go when healed", async () => {
    const { proxy } = await proxied();
    const c = await client(proxy.port);
    cleanups.push(() => Promise.resolve(void c.socket.destroy()));
    proxy.setMode({ type: "delay", delayMs: 150 });
    const sent = performance.now();
    c.socket.write("a");
    c.socket.write("b");
    c.socket.write("c");
    await until("the delayed echo", () => c.received() === "abc");
    // Both ways are delayed: at least one delay, whatever else the machine is doing.
    expect(performance.now() - sent).toBeGreaterThanOrEqual(150);
    proxy.setMode({ type: "pass" });
    c.socket.write("d");
    await until("the echo after healing", () => c.received() === "abcd");
  });

  it("closing the proxy closes its connections", async () => {
    const { proxy } = await proxied();
    const c = await client(proxy.port);
    await proxy.close();
    expect(await c.closed).toMatch(/ECONNRESET|closed/);
  });
});
