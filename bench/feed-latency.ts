// The live feed's latency: a realm event reaching a socket.io client of the admin API's `/live`
// namespace, at a given rate. The events are real: client connections opened and closed on a
// realm (each one a `$SYS.ACCOUNT.*.CONNECT` / `DISCONNECT` advisory the admin API ingests,
// stores as a client session and pushes to the "sessions" topic). Half the rate opens, half
// closes: 1,000 events/s is 500 connections opened and 500 closed per second, each held
// HOLD_MS. The clients speak the NATS protocol over plain sockets (INFO, CONNECT, PING/PONG),
// so two shared cores can make 500 connections a second; each has its own name, so each is
// also a stored session.
//
// Per event: from its time on the client — the CONNECT sent (the realm's advisory follows it),
// or the socket's close (the realm sees it after) — to the socket.io client's receipt of the feed
// event carrying it; both start points come before the realm's event, so the figure errs long. The feed holds
// connection events for 150 ms and sends more than 50 of them as one `connections:burst` (per
// realm counts, no names), so at 1,000/s every event arrives in a burst: the k-th event of a
// kind is matched to the receipt that brought that kind's count to k (events are ingested in
// the order the realm sends them). Single events are matched the same way, by count.
import { connect as tcpConnect, type Socket as TcpSocket } from "node:net";
import { io, type Socket } from "socket.io-client";
import {
  LIVE_NAMESPACE,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SubscribeAck,
} from "@em/contracts";
import type { BenchCluster, BenchRealm } from "./sdk-cluster.js";
import { summarize, type Summary } from "./stats.js";

/** How long each connection stays open. */
const HOLD_MS = 500;
/** After the last close, how long the feed may take to deliver everything. */
const DRAIN_MS = 15_000;

type Kind = "opened" | "closed";

export interface FeedRun {
  /** Events per second asked for (opened + closed). */
  targetPerSecond: number;
  seconds: number;
  made: Record<Kind, number>;
  /** Connections opened per second over the run, times two (each is also closed). */
  achievedPerSecond: number;
  /** Events the socket.io client received, in single events and bursts. */
  delivered: Record<Kind, number>;
  singles: number;
  bursts: number;
  /** Realm event → socket.io receipt, over every delivered event of ours. */
  latency: Summary;
  latencyOpened: Summary;
  latencyClosed: Summary;
}

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

interface Receipt {
  at: number;
  kind: Kind;
  count: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One client connection by the NATS protocol; resolves at the PONG that ends the connect, with
 * the time its CONNECT was sent.
 */
function openClient(realm: BenchRealm, name: string): Promise<{ socket: TcpSocket; at: number }> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect(realm.nspPort, "127.0.0.1");
    let buffer = "";
    let sentConnect = false;
    let sentAt = 0;
    const fail = (error: Error) => {
      socket.destroy();
      reject(error);
    };
    socket.setNoDelay(true);
    socket.on("error", fail);
    socket.on("data", (chunk) => {
      buffer += chunk.toString("latin1");
      if (!sentConnect && buffer.includes("\r\n")) {
        if (!buffer.startsWith("INFO ")) return fail(new Error(`${name}: no INFO: ${buffer}`));
        sentConnect = true;
        const options = {
          verbose: false,
          pedantic: false,
          user: realm.credentials.user,
          pass: realm.credentials.password,
          name,
          lang: "bench",
          version: "1",
          protocol: 1,
        };
        sentAt = performance.now();
        socket.write(`CONNECT ${JSON.stringify(options)}\r\nPING\r\n`);
        buffer = "";
        return;
      }
      if (buffer.includes("-ERR")) return fail(new Error(`${name}: ${buffer.trim()}`));
      if (buffer.includes("PONG\r\n")) {
        socket.removeAllListeners("data");
        // The server's own PINGs go unanswered: HOLD_MS is far below its ping interval.
        socket.on("data", () => undefined);
        resolve({ socket, at: sentAt });
      }
    });
  });
}

/** Pairs the k-th event of a kind with the receipt that brought that kind's count to k. */
function latencies(times: number[], receipts: Receipt[]): number[] {
  const sorted = [...times].sort((a, b) => a - b);
  const result: number[] = [];
  let next = 0;
  for (const receipt of receipts) {
    for (let i = 0; i < receipt.count && next < sorted.length; i++, next++)
      result.push(receipt.at - (sorted[next] as number));
  }
  return result;
}

async function liveSocket(cluster: BenchCluster): Promise<LiveSocket> {
  const socket: LiveSocket = io(`${cluster.session.baseUrl}${LIVE_NAMESPACE}`, {
    extraHeaders: { cookie: cluster.session.cookie ?? "" },
    reconnection: false,
    timeout: 5_000,
  });
  const ack = (await socket.timeout(5_000).emitWithAck("subscribe", "sessions")) as SubscribeAck;
  if (!ack.ok) throw new Error(`subscribe to sessions: ${ack.error.message}`);
  return socket;
}

/**
 * Opens and closes connections on `realm` at `perSecond` events for `seconds`, with a
 * socket.io client watching the "sessions" topic; names start with `prefix`.
 */
export async function feedRun(
  cluster: BenchCluster,
  realm: string,
  perSecond: number,
  seconds: number,
  prefix: string,
): Promise<FeedRun> {
  const target = cluster.realm(realm);
  const socket = await liveSocket(cluster);
  const receipts: Receipt[] = [];
  const delivered: Record<Kind, number> = { opened: 0, closed: 0 };
  let singles = 0;
  let bursts = 0;
  const receive = (kind: Kind, count: number) => {
    if (count <= 0) return;
    receipts.push({ at: performance.now(), kind, count });
    delivered[kind] += count;
  };
  socket.on("connection:opened", (event) => {
    if (!event.name?.startsWith(prefix)) return;
    singles++;
    receive("opened", 1);
  });
  socket.on("connection:closed", (event) => {
    if (!event.name?.startsWith(prefix)) return;
    singles++;
    receive("closed", 1);
  });
  socket.on("connections:burst", (burst) => {
    const counts = burst.byRealm[realm];
    if (!counts) return;
    bursts++;
    receive("opened", counts.opened);
    receive("closed", counts.closed);
  });

  const openedAt: number[] = [];
  const closedAt: number[] = [];
  const pending = new Set<Promise<void>>();
  const errors: string[] = [];
  const connections = Math.round((perSecond / 2) * seconds);
  const started = performance.now();
  let made = 0;
  try {
    while (made < connections) {
      const due = Math.min(
        connections,
        Math.floor(((performance.now() - started) / 1000) * (perSecond / 2)) + 1,
      );
      for (; made < due; made++) {
        const task: Promise<void> = openClient(target, `${prefix}${made}`)
          .then(async ({ socket: client, at }) => {
            openedAt.push(at);
            await sleep(HOLD_MS);
            closedAt.push(performance.now());
            client.destroy();
          })
          .catch((error: unknown) => {
            errors.push(error instanceof Error ? error.message : String(error));
          })
          .finally(() => pending.delete(task));
        pending.add(task);
      }
      await sleep(2);
    }
    await Promise.all([...pending]);
    const openingSeconds = (Math.max(...openedAt) - Math.min(...openedAt)) / 1000;
    if (errors.length)
      console.warn(`[bench] feed: ${errors.length} connections failed, first: ${errors[0]}`);
    const drainUntil = performance.now() + DRAIN_MS;
    while (
      performance.now() < drainUntil &&
      (delivered.opened < openedAt.length || delivered.closed < closedAt.length)
    )
      await sleep(20);

    const ofKind = (kind: Kind) => receipts.filter((receipt) => receipt.kind === kind);
    const opened = latencies(openedAt, ofKind("opened"));
    const closed = latencies(closedAt, ofKind("closed"));
    return {
      targetPerSecond: perSecond,
      seconds,
      made: { opened: openedAt.length, closed: closedAt.length },
      achievedPerSecond: (2 * openedAt.length) / openingSeconds,
      delivered,
      singles,
      bursts,
      latency: summarize([...opened, ...closed]),
      latencyOpened: summarize(opened),
      latencyClosed: summarize(closed),
    };
  } finally {
    socket.disconnect();
  }
}
