// TLS interfaces (issue 7): a three-realm cluster whose realms also listen on nsps and nhps
// (realmd's TLS listeners, certificates from realmd's local CA). An SDK session trusting that CA
// publishes and subscribes on a cluster channel over nsps://, then over nhps://; its realm is
// SIGKILLed mid-stream and the session fails over to the next TLS RNAME, the subscriber
// receiving every event exactly once. A session that does not trust the CA fails with the TLS
// reason in its error instead of hanging.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createSession,
  NoRealmAvailableError,
  type Rname,
  type Session,
  type SessionStatus,
} from "@em/client";
import {
  API_ROUTES,
  REALMD_PATHS,
  RealmCredentialsSchema,
  RealmSummarySchema,
  type HostedRealm,
} from "@em/contracts";
import { checkEventStream, describeEventStream, eventually, type HttpSession } from "@em/testkit";
import { startLocalStack, type LocalStack } from "../support/local-stack.js";
import {
  clusterDetail,
  formCluster,
  ok,
  realmsOnline,
  storeApi,
  type StoreApi,
} from "../support/cluster-stores.js";

const REALMS = ["realm1", "realm2", "realm3"];
const CLUSTER = "tls";
const EVENTS = 40;
const RECOVERY_TIMEOUT_MS = 60_000;

describe("SDK sessions over the TLS interfaces of a real cluster", () => {
  let stack: LocalStack;
  let admin: HttpSession;
  let channels: StoreApi;
  let ca: string;
  const hosted = new Map<string, HostedRealm>();
  const byPort = new Map<number, { user: string; pass: string }>();
  const credentials = (rname: Rname) => byPort.get(rname.port);

  const rname = (realm: string, protocol: "nsps" | "nhps") => {
    const port = hosted.get(realm)?.ports[protocol];
    if (!port) throw new Error(`${realm} has no ${protocol} port`);
    return `${protocol}://127.0.0.1:${port}`;
  };

  async function realmAction(name: string, action: "kill" | "start"): Promise<void> {
    const response = await admin.post(`/api/realms/${name}/actions/${action}`);
    expect(response.status, `${action} ${name}: ${await response.clone().text()}`).toBe(200);
  }

  /** 3/3 with a master: a realm started again after a test has rejoined. */
  async function clusterHealthy(): Promise<void> {
    await realmsOnline(admin, REALMS, RECOVERY_TIMEOUT_MS);
    await eventually(
      "cluster healthy, 3/3",
      async () => {
        const cluster = await clusterDetail(admin, CLUSTER);
        return cluster.status === "healthy" && cluster.quorum.online === REALMS.length;
      },
      RECOVERY_TIMEOUT_MS,
    );
  }

  beforeAll(async () => {
    stack = await startLocalStack({ realms: REALMS.length, clusterPorts: true, tls: true });
    admin = await stack.adminApi.adminSession();
    await formCluster(admin, CLUSTER, REALMS);
    channels = storeApi(admin, "cluster", CLUSTER, "channel");
    for (const realm of REALMS) {
      const definition = await stack.host.hostedRealm(realm);
      hosted.set(realm, definition);
      const { app } = RealmCredentialsSchema.parse(
        await (await stack.host.realmd.request("GET", REALMD_PATHS.realmCredentials(realm))).json(),
      );
      for (const port of [definition.ports.nsps, definition.ports.nhps])
        if (port !== null) byPort.set(port, { user: app.user, pass: app.password });
    }
    // What an application downloads to trust the realms: the CA, public, through the admin API.
    const response = await admin.get("/api/realms/realm1/ca.pem");
    expect(response.status).toBe(200);
    ca = await response.text();
  });

  afterAll(async () => {
    await stack?.[Symbol.asyncDispose]();
  });

  it("realms list their nsps and nhps interfaces, and the CA download holds no private key", async () => {
    expect(ca).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(ca).not.toMatch(/PRIVATE KEY/);
    const response = await admin.get(
      API_ROUTES.getRealm.path.replace(":name", encodeURIComponent("realm1")),
    );
    const summary = RealmSummarySchema.parse(await response.json());
    expect(summary.rnames).toEqual(
      expect.arrayContaining([rname("realm1", "nsps"), rname("realm1", "nhps")]),
    );
  });

  for (const protocol of ["nsps", "nhps"] as const) {
    it(`session over ${protocol}:// - publishes and subscribes, and fails over over TLS when its realm is SIGKILLed`, async () => {
      // realm1 for nsps, realm2 for nhps: the other one is back in the cluster by then.
      const [victim, next] = protocol === "nsps" ? ["realm1", "realm2"] : ["realm2", "realm3"];
      const channel = `/tls/${protocol}`;
      await clusterHealthy();
      // Just after a member rejoined, the cluster may still be electing: 503, try again.
      await eventually(
        `create ${channel}`,
        async () => {
          const answer = await channels.create({ name: channel });
          if (answer.error?.code === "NO_QUORUM") return false;
          ok(answer, `create ${channel}`);
          return true;
        },
        RECOVERY_TIMEOUT_MS,
      );
      const statuses: SessionStatus[] = [];
      const open = async (name: string): Promise<Session> => {
        const session = await createSession({
          rnames: `${rname(victim, protocol)},${rname(next, protocol)}`,
          name,
          credentials,
          tls: { ca },
        });
        if (name.endsWith("sub")) session.on("reconnected", (status) => statuses.push(status));
        return session;
      };
      const subscriber = await open(`tls-${protocol}-sub`);
      const publisher = await open(`tls-${protocol}-pub`);
      let killed = false;
      try {
        expect(subscriber.realm).toBe(victim);
        const received: number[] = [];
        const subscription = await subscriber.subscribe(
          channel,
          (event) => {
            received.push(event.eid);
          },
          { fromEid: 1 },
        );
        for (let n = 1; n <= EVENTS; n++) {
          await publisher.publish(channel, `event ${n}`);
          if (n === EVENTS / 2) {
            await realmAction(victim, "kill");
            killed = true;
          }
        }
        await eventually(
          `the subscriber has all ${EVENTS} events`,
          () => Promise.resolve(received.length >= EVENTS),
          RECOVERY_TIMEOUT_MS,
        );
        // Anything late (a duplicate) would arrive now.
        await new Promise((resolve) => setTimeout(resolve, 300));
        await subscription.stop();
        const stream = checkEventStream(received, { first: 1, last: EVENTS });
        expect(stream.exact, describeEventStream(stream)).toBe(true);
        expect(statuses[0]).toMatchObject({
          type: "reconnected",
          fromRealm: victim,
          realm: next,
          rname: rname(next, protocol),
        });
        expect(subscriber.realm).toBe(next);
      } finally {
        await subscriber.close();
        await publisher.close();
        if (killed) await realmAction(victim, "start");
      }
    });
  }

  it("session without the CA - fails at once with the TLS reason, over nsps and nhps", async () => {
    await clusterHealthy();
    const error = await createSession({
      rnames: `${rname("realm3", "nsps")},${rname("realm3", "nhps")}`,
      credentials,
      reconnect: { maxAttempts: 2 },
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NoRealmAvailableError);
    expect(String((error as Error).message)).toMatch(/certificate/i);
  });
});
