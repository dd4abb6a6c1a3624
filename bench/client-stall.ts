// What a client connected to a realm sees while that realm joins a cluster: the longest time
// without a completed round trip to its server. The client reconnects to the same realm as
// any NATS client does (every 50 ms); the stall is the realm's restart as the client feels it.
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { RealmCredentialsSchema } from "@em/contracts";
import type { RealmHost } from "@em/testkit";

/** @default 10 — between round trips: the resolution of the measured stall. */
const PROBE_INTERVAL_MS = 10;

/** @default 500 — a round trip slower than this counts as part of a stall, not an answer. */
const ROUND_TRIP_TIMEOUT_MS = 500;

export interface ClientProbe {
  /** Stops probing; resolves with the longest gap between completed round trips, in ms. */
  stop(): Promise<number>;
}

export async function probeClient(host: RealmHost, realm: string): Promise<ClientProbe> {
  const credentials = RealmCredentialsSchema.parse(
    await (await host.realmd.request("GET", `/v1/realms/${realm}/credentials`)).json(),
  );
  const hosted = await host.hostedRealm(realm);
  const nc: NatsConnection = await connect({
    servers: `${hosted.bindHost}:${hosted.ports.nsp}`,
    user: credentials.app.user,
    pass: credentials.app.password,
    reconnect: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 50,
    reconnectJitter: 0,
    timeout: ROUND_TRIP_TIMEOUT_MS,
  });
  let running = true;
  let lastAnswer = performance.now();
  let longestGap = 0;
  const loop = (async () => {
    while (running) {
      try {
        await nc.rtt();
        const now = performance.now();
        longestGap = Math.max(longestGap, now - lastAnswer);
        lastAnswer = now;
      } catch {
        // No answer: the gap grows until the next one.
      }
      await new Promise((resolve) => setTimeout(resolve, PROBE_INTERVAL_MS));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await nc.close();
      return longestGap;
    },
  };
}
