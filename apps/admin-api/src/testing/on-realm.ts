import { connect, type NatsConnection } from "@nats-io/transport-node";
import { jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import { RealmCredentialsSchema } from "@em/contracts";
import type { RealmHost } from "@em/testkit";

/**
 * Runs `work` with a JetStream manager connected to `realm`'s client port as its app user,
 * then closes the connection: how tests look at a realm's stores without the admin API.
 */
export async function onRealm<T>(
  host: RealmHost,
  realm: string,
  work: (jsm: JetStreamManager, nc: NatsConnection) => Promise<T>,
): Promise<T> {
  const credentials = RealmCredentialsSchema.parse(
    await (await host.realmd.request("GET", `/v1/realms/${realm}/credentials`)).json(),
  );
  const hosted = await host.hostedRealm(realm);
  const nc = await connect({
    servers: `${hosted.bindHost}:${hosted.ports.nsp}`,
    user: credentials.app.user,
    pass: credentials.app.password,
    timeout: 2000,
    reconnect: false,
  });
  try {
    return await work(await jetstreamManager(nc, { timeout: 5000 }), nc);
  } finally {
    await nc.close();
  }
}
