import { connect, type NatsConnection } from "@nats-io/transport-node";
import type { HostStore } from "../host-store.js";
import type { RealmPoller } from "../realm-poller.js";
import { realmAccess } from "../realm-access.js";

/** @default 2000 — connecting to a realm for a drill's JetStream and system requests. */
const DRILL_CONNECT_TIMEOUT_MS = 2_000;

/**
 * Runs `work` on a short-lived connection to `realm` as its app user (JetStream API) or its
 * system user (meta group requests), then closes it: a drill is rare, so it holds nothing open.
 */
export async function withRealm<T>(
  deps: { poller: RealmPoller; hosts: HostStore },
  realm: string,
  user: "app" | "system",
  work: (nc: NatsConnection) => Promise<T>,
): Promise<T> {
  const access = await realmAccess(deps.poller, deps.hosts, realm);
  const nc = await connect({
    servers: access.server,
    user: access.credentials[user].user,
    pass: access.credentials[user].password,
    name: "em-admin-api-drill",
    timeout: DRILL_CONNECT_TIMEOUT_MS,
    reconnect: false,
  });
  try {
    return await work(nc);
  } finally {
    await nc.close().catch(() => undefined);
  }
}
