// A three-realm cluster for the SDK benchmarks: realmd with realm1…3 on free ports, the admin API,
// the cluster formed through the API, cluster channels created through the API, and the realm
// actions (SIGKILL, start) and leader lookups the failover rounds need, all through the API.
import { connect, type NatsConnection } from "@nats-io/transport-node";
import {
  API_ROUTES,
  ClusterDetailSchema,
  OperationAcceptedSchema,
  OperationSchema,
  REALMD_PATHS,
  RealmCredentialsSchema,
  RealmListSchema,
  StoreDetailSchema,
  apiPath,
  type ClusterDetail,
  type RealmCredentials,
  type StoreDetail,
} from "@em/contracts";
import {
  eventually,
  freePort,
  startAdminApi,
  startRealmHost,
  tempDir,
  type AdminApiProcess,
  type HttpSession,
  type RealmHost,
  type TempDir,
} from "@em/testkit";

export const REALMS = ["realm1", "realm2", "realm3"] as const;
const CLUSTER = "bench-sdk";

export interface BenchRealm {
  name: string;
  /** `nsp://127.0.0.1:<port>` */
  rname: string;
  nspPort: number;
  credentials: RealmCredentials["app"];
}

export interface BenchCluster extends AsyncDisposable {
  /** The cluster's name. */
  readonly name: string;
  /** A logged-in admin session on the admin API. */
  readonly session: HttpSession;
  readonly realms: BenchRealm[];
  realm(name: string): BenchRealm;
  createChannel(name: string): Promise<StoreDetail>;
  createQueue(name: string): Promise<StoreDetail>;
  channel(name: string): Promise<StoreDetail>;
  cluster(): Promise<ClusterDetail>;
  kill(realm: string): Promise<void>;
  start(realm: string): Promise<void>;
  /**
   * Waits until the cluster has a master and 3/3 members, and the channel a leader and three
   * current replicas; answers the master and the channel's leader.
   */
  healthy(channel: string, timeoutMs?: number): Promise<{ master: string; leader: string }>;
  /** A plain NATS connection to one realm as its app user, as a raw application would make. */
  connectRaw(realm: string, name: string): Promise<NatsConnection>;
}

async function expectStatus(response: Response, status: number, what: string): Promise<void> {
  if (response.status !== status)
    throw new Error(`${what}: ${response.status} ${await response.text()}`);
}

async function formCluster(session: HttpSession, name: string): Promise<void> {
  const response = await session.post(API_ROUTES.createCluster.path, {
    name,
    realms: REALMS,
  });
  await expectStatus(response.clone(), 202, "create cluster");
  const { operation } = OperationAcceptedSchema.parse(await response.json());
  await eventually(
    `cluster ${name} formed`,
    async () => {
      const current = OperationSchema.parse(
        await (
          await session.get(apiPath(API_ROUTES.getOperation.path, { id: operation.id }))
        ).json(),
      );
      if (current.status === "failed")
        throw new Error(`create cluster failed: ${current.error?.message}`);
      return current.status === "succeeded";
    },
    90_000,
  );
}

/** A cluster named `clusterName` (the chaos suite forms its own). */
export async function startBenchCluster(clusterName: string = CLUSTER): Promise<BenchCluster> {
  const cleanups: (() => Promise<void>)[] = [];
  const dispose = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const dir: TempDir = await tempDir(clusterName);
    cleanups.push(async () => dir[Symbol.asyncDispose]());
    const host: RealmHost = await startRealmHost(`${dir.path}/realmd`);
    cleanups.push(() => host.stop());
    for (const name of REALMS) await host.createRealm(name, { clusterPort: await freePort() });
    const adminApi: AdminApiProcess = await startAdminApi({
      dataDir: `${dir.path}/admin-api`,
      registerHost: { url: host.url, token: host.token },
      // The store bench times hundreds of list calls a minute: latency, not the rate limit.
      env: { EM_API_RATE_LIMIT_PER_MINUTE: "0" },
    });
    cleanups.push(() => adminApi.stop());
    const session = await adminApi.adminSession();
    await eventually(
      "three online realms",
      async () =>
        RealmListSchema.parse(await (await session.get("/api/realms")).json()).realms.every(
          (realm) => realm.status === "online",
        ),
      30_000,
    );
    await formCluster(session, clusterName);

    const realms: BenchRealm[] = [];
    for (const name of REALMS) {
      const hosted = await host.hostedRealm(name);
      const credentials = RealmCredentialsSchema.parse(
        await (await host.realmd.request("GET", REALMD_PATHS.realmCredentials(name))).json(),
      );
      realms.push({
        name,
        rname: `nsp://127.0.0.1:${hosted.ports.nsp}`,
        nspPort: hosted.ports.nsp,
        credentials: credentials.app,
      });
    }
    const realm = (name: string) => {
      const found = realms.find((candidate) => candidate.name === name);
      if (!found) throw new Error(`no realm ${name}`);
      return found;
    };
    const createStore = async (kind: "channel" | "queue", name: string) => {
      const route =
        kind === "channel" ? API_ROUTES.clusterChannelCreate : API_ROUTES.clusterQueueCreate;
      const response = await session.post(apiPath(route.path, { name: clusterName }), { name });
      await expectStatus(response.clone(), 201, `create ${kind} ${name}`);
      return StoreDetailSchema.parse(await response.json());
    };
    const channel = async (name: string) => {
      const response = await session.get(
        apiPath(API_ROUTES.clusterChannelGet.path, { name: clusterName, channel: name }),
      );
      await expectStatus(response.clone(), 200, `channel ${name}`);
      return StoreDetailSchema.parse(await response.json());
    };
    const cluster = async () => {
      const response = await session.get(
        apiPath(API_ROUTES.getCluster.path, { name: clusterName }),
      );
      await expectStatus(response.clone(), 200, "cluster detail");
      return ClusterDetailSchema.parse(await response.json());
    };
    const action = async (name: string, verb: "kill" | "start") => {
      const response = await session.post(
        apiPath(API_ROUTES.realmAction.path, { name, action: verb }),
      );
      await expectStatus(response, 200, `${verb} ${name}`);
    };

    return {
      name: clusterName,
      session,
      realms,
      realm,
      createChannel: (name) => createStore("channel", name),
      createQueue: (name) => createStore("queue", name),
      channel,
      cluster,
      kill: (name) => action(name, "kill"),
      start: (name) => action(name, "start"),
      healthy: (name, timeoutMs = 90_000) =>
        eventually(
          `cluster and ${name} healthy`,
          async () => {
            const detail = await cluster();
            if (detail.status !== "healthy" || detail.quorum.online !== REALMS.length) return null;
            if (!detail.master) return null;
            const store = await channel(name);
            const replicasOk =
              store.replicaStates.length === REALMS.length &&
              store.replicaStates.every((replica) => replica.current && !replica.offline);
            return store.leader && replicasOk
              ? { master: detail.master, leader: store.leader }
              : null;
          },
          timeoutMs,
        ),
      connectRaw: (name, clientName) => {
        const target = realm(name);
        return connect({
          servers: `127.0.0.1:${target.nspPort}`,
          user: target.credentials.user,
          pass: target.credentials.password,
          name: clientName,
          timeout: 5_000,
        });
      },
      [Symbol.asyncDispose]: dispose,
    };
  } catch (error) {
    await dispose();
    throw error;
  }
}
