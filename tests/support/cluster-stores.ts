import { connect, type NatsConnection } from "@nats-io/transport-node";
import {
  API_ROUTES,
  ApiErrorBodySchema,
  ClusterDetailSchema,
  OperationAcceptedSchema,
  OperationSchema,
  REALMD_PATHS,
  RealmCredentialsSchema,
  RealmSummarySchema,
  StoreDetailSchema,
  StoreEventPageSchema,
  StoreListSchema,
  PublishedEventSchema,
  PurgedSchema,
  apiPath,
  type ApiErrorBody,
  type ClusterDetail,
  type Operation,
  type StoreKind,
  type StoreRouteOwner,
} from "@em/contracts";
import { eventually, type HttpSession } from "@em/testkit";
import type { LocalStack } from "./local-stack.js";

/** Waits for a long operation (create or delete a cluster, …) to end; throws unless it succeeded. */
export async function operationSucceeded(
  session: HttpSession,
  response: Response,
  timeoutMs = 90_000,
): Promise<Operation> {
  if (response.status !== 202)
    throw new Error(`expected 202 operation, got ${response.status} ${await response.text()}`);
  const { operation } = OperationAcceptedSchema.parse(await response.json());
  const done = await eventually(
    `operation ${operation.kind} ${operation.id}`,
    async () => {
      const current = OperationSchema.parse(
        await (
          await session.get(apiPath(API_ROUTES.getOperation.path, { id: operation.id }))
        ).json(),
      );
      return current.status === "running" ? null : current;
    },
    timeoutMs,
  );
  if (done.status !== "succeeded")
    throw new Error(`operation ${done.kind} ${done.status}: ${JSON.stringify(done.error)}`);
  return done;
}

export async function clusterDetail(session: HttpSession, name: string): Promise<ClusterDetail> {
  const response = await session.get(apiPath(API_ROUTES.getCluster.path, { name }));
  if (response.status !== 200)
    throw new Error(`GET cluster ${name}: ${response.status} ${await response.text()}`);
  return ClusterDetailSchema.parse(await response.json());
}

/** Waits until every named realm is online and freshly polled. */
export async function realmsOnline(
  session: HttpSession,
  realms: string[],
  timeoutMs = 30_000,
): Promise<void> {
  await eventually(
    `${realms.join(", ")} online`,
    async () => {
      for (const name of realms) {
        const response = await session.get(apiPath(API_ROUTES.getRealm.path, { name }));
        const realm = RealmSummarySchema.parse(await response.json());
        if (realm.status !== "online" || realm.stale) return false;
      }
      return true;
    },
    timeoutMs,
  );
}

/** Forms cluster `name` of `realms` through the API and waits for one master and full quorum. */
export async function formCluster(
  session: HttpSession,
  name: string,
  realms: string[],
): Promise<ClusterDetail> {
  await realmsOnline(session, realms);
  await operationSucceeded(
    session,
    await session.post(API_ROUTES.createCluster.path, { name, realms, localStores: "keep" }),
  );
  return eventually(
    `cluster ${name} healthy`,
    async () => {
      const detail = await clusterDetail(session, name);
      return detail.status === "healthy" && detail.quorum.online === realms.length ? detail : null;
    },
    60_000,
  );
}

/**
 * A plain NATS client on a realm's client port (nsp) as the realm's app user, as an application
 * would connect. No reconnect: a test that kills the realm sees it.
 */
export async function connectToRealm(stack: LocalStack, realm: string): Promise<NatsConnection> {
  const hosted = await stack.host.hostedRealm(realm);
  const credentials = RealmCredentialsSchema.parse(
    await (await stack.host.realmd.request("GET", REALMD_PATHS.realmCredentials(realm))).json(),
  );
  return connect({
    servers: `127.0.0.1:${hosted.ports.nsp}`,
    user: credentials.app.user,
    pass: credentials.app.password,
    name: `tests-${realm}`,
    reconnect: false,
    timeout: 5_000,
  });
}

/** An answer of the API: the status and either the parsed body or the error body. */
export interface ApiAnswer<T> {
  status: number;
  body: T | undefined;
  error: ApiErrorBody["error"] | undefined;
}

async function answer<T>(response: Response, parse: (body: unknown) => T): Promise<ApiAnswer<T>> {
  const text = await response.text();
  const json: unknown = text === "" ? undefined : JSON.parse(text);
  if (response.ok) return { status: response.status, body: parse(json), error: undefined };
  const error = ApiErrorBodySchema.safeParse(json);
  return {
    status: response.status,
    body: undefined,
    error: error.success
      ? error.data.error
      : { code: "INTERNAL", message: `unparsable error body: ${text}` },
  };
}

type StoreQuery = Record<string, string | number | undefined>;

function withQuery(path: string, query: StoreQuery = {}): string {
  const entries = Object.entries(query).filter(
    (entry): entry is [string, string | number] => entry[1] !== undefined,
  );
  if (entries.length === 0) return path;
  return `${path}?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString()}`;
}

/**
 * The eight store routes of one owner (a cluster or a realm) and kind, paths from the contracts:
 * `stores(admin, "cluster", "demo", "channel").publish("/sales", { data: "hi" })`.
 */
export function storeApi(
  session: HttpSession,
  owner: StoreRouteOwner,
  ownerName: string,
  kind: StoreKind,
) {
  const routes = {
    cluster: {
      channel: {
        list: API_ROUTES.clusterChannelList,
        create: API_ROUTES.clusterChannelCreate,
        get: API_ROUTES.clusterChannelGet,
        update: API_ROUTES.clusterChannelUpdate,
        delete: API_ROUTES.clusterChannelDelete,
        events: API_ROUTES.clusterChannelEvents,
        publish: API_ROUTES.clusterChannelPublish,
        purge: API_ROUTES.clusterChannelPurge,
      },
      queue: {
        list: API_ROUTES.clusterQueueList,
        create: API_ROUTES.clusterQueueCreate,
        get: API_ROUTES.clusterQueueGet,
        update: API_ROUTES.clusterQueueUpdate,
        delete: API_ROUTES.clusterQueueDelete,
        events: API_ROUTES.clusterQueueEvents,
        publish: API_ROUTES.clusterQueuePublish,
        purge: API_ROUTES.clusterQueuePurge,
      },
    },
    realm: {
      channel: {
        list: API_ROUTES.realmChannelList,
        create: API_ROUTES.realmChannelCreate,
        get: API_ROUTES.realmChannelGet,
        update: API_ROUTES.realmChannelUpdate,
        delete: API_ROUTES.realmChannelDelete,
        events: API_ROUTES.realmChannelEvents,
        publish: API_ROUTES.realmChannelPublish,
        purge: API_ROUTES.realmChannelPurge,
      },
      queue: {
        list: API_ROUTES.realmQueueList,
        create: API_ROUTES.realmQueueCreate,
        get: API_ROUTES.realmQueueGet,
        update: API_ROUTES.realmQueueUpdate,
        delete: API_ROUTES.realmQueueDelete,
        events: API_ROUTES.realmQueueEvents,
        publish: API_ROUTES.realmQueuePublish,
        purge: API_ROUTES.realmQueuePurge,
      },
    },
  }[owner][kind];
  const collection = apiPath(routes.list.path, { name: ownerName });
  const item = (store: string, path: string) => apiPath(path, { name: ownerName, [kind]: store });
  return {
    list: async (query?: StoreQuery) =>
      answer(await session.get(withQuery(collection, query)), (b) => StoreListSchema.parse(b)),
    create: async (body: Record<string, unknown>) =>
      answer(await session.post(collection, body), (b) => StoreDetailSchema.parse(b)),
    get: async (store: string) =>
      answer(await session.get(item(store, routes.get.path)), (b) => StoreDetailSchema.parse(b)),
    update: async (store: string, body: Record<string, unknown>) =>
      answer(await session.request("PATCH", item(store, routes.update.path), body), (b) =>
        StoreDetailSchema.parse(b),
      ),
    delete: async (store: string) =>
      answer(await session.delete(item(store, routes.delete.path)), () => undefined),
    events: async (store: string, query?: StoreQuery) =>
      answer(await session.get(withQuery(item(store, routes.events.path), query)), (b) =>
        StoreEventPageSchema.parse(b),
      ),
    publish: async (store: string, body: Record<string, unknown>) =>
      answer(await session.post(item(store, routes.publish.path), body), (b) =>
        PublishedEventSchema.parse(b),
      ),
    purge: async (store: string, body: Record<string, unknown> = {}) =>
      answer(await session.post(item(store, routes.purge.path), body), (b) =>
        PurgedSchema.parse(b),
      ),
  };
}

export type StoreApi = ReturnType<typeof storeApi>;

/** The body of a successful answer, or an error that shows what the API said instead. */
export function ok<T>(answer: ApiAnswer<T>, what: string): T {
  if (answer.body === undefined || answer.error)
    throw new Error(
      `${what}: ${answer.status} ${answer.error?.code ?? ""} ${answer.error?.message ?? ""}`,
    );
  return answer.body;
}
