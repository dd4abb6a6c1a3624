import { expect } from "vitest";
import { jetstream, type JetStreamClient } from "@nats-io/jetstream";
import {
  ApiErrorBodySchema,
  ClusterDetailSchema,
  OperationAcceptedSchema,
  OperationSchema,
  RealmSummarySchema,
} from "@em/contracts";
import {
  eventually,
  freePorts,
  startRealmHost,
  tempDir,
  type HttpSession,
  type RealmHost,
  type TempDir,
} from "@em/testkit";
import { onRealm as onRealmManager } from "./on-realm.js";
import { startTestAdminApi, type TestAdminApi } from "./test-admin-api.js";

/** The realms of cluster `demo`; `solo` stays standalone. */
export const CLUSTER_REALMS = ["realm1", "realm2", "realm3"];
export const SOLO_REALM = "solo";

/** A realmd with cluster `demo` of three realms plus a standalone realm, and an admin API. */
export interface StoreTestStack extends AsyncDisposable {
  realmd: RealmHost;
  api: TestAdminApi;
  admin: HttpSession;
  close(): Promise<void>;
}

export async function startStoreTestStack(label: string): Promise<StoreTestStack> {
  const dir: TempDir = await tempDir(label);
  const realmd = await startRealmHost(`${dir.path}/realmd`);
  let api: TestAdminApi | undefined;
  const close = async () => {
    await api?.close();
    await realmd.stop();
    await dir[Symbol.asyncDispose]();
  };
  try {
    const ports = await freePorts(CLUSTER_REALMS.length);
    for (const [index, name] of CLUSTER_REALMS.entries())
      await realmd.createRealm(name, { clusterPort: ports[index] as number });
    await realmd.createRealm(SOLO_REALM);
    api = await startTestAdminApi({
      dataDir: `${dir.path}/admin-api`,
      env: { EM_REGISTER_HOST_URL: realmd.url, EM_REGISTER_HOST_TOKEN: realmd.token },
    });
    const admin = await api.adminSession();
    await eventually("every realm online", async () => {
      for (const name of [...CLUSTER_REALMS, SOLO_REALM]) {
        const response = await admin.get(`/api/realms/${name}`);
        if (response.status !== 200) return false;
        const realm = RealmSummarySchema.parse(await response.json());
        if (realm.status !== "online" || realm.stale) return false;
      }
      return true;
    });
    const accepted = await admin.post("/api/clusters", { name: "demo", realms: CLUSTER_REALMS });
    const { operation } = OperationAcceptedSchema.parse(await accepted.json());
    await eventually(
      "cluster demo formed",
      async () => {
        const current = OperationSchema.parse(
          await (await admin.get(`/api/operations/${operation.id}`)).json(),
        );
        if (current.status === "failed") throw new Error(JSON.stringify(current.steps));
        return current.status === "succeeded";
      },
      60_000,
    );
    await eventually(
      "cluster demo healthy",
      async () => {
        const state = ClusterDetailSchema.parse(
          await (await admin.get("/api/clusters/demo")).json(),
        );
        return state.status === "healthy";
      },
      30_000,
    );
    const stack = { realmd, api, admin, close };
    return { ...stack, [Symbol.asyncDispose]: close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Asserts an error answer and returns its body's error. */
export async function expectError(response: Response, status: number, code: string) {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  const body = ApiErrorBodySchema.parse(JSON.parse(text));
  expect(body.error.code).toBe(code);
  return body.error;
}

/** Asserts a success status and returns the JSON body. */
export async function expectOk(response: Response, status = 200): Promise<unknown> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return text === "" ? undefined : (JSON.parse(text) as unknown);
}

/** A URL path segment for a UM name: `/eu/sales` → `%2Feu%2Fsales`. */
export const segment = (name: string) => encodeURIComponent(name);

/**
 * Runs `work` with a JetStream client on `realm`'s client port as its app user, as an
 * application would connect: how tests consume from a queue without the admin API.
 */
export function onRealm<T>(
  realmd: RealmHost,
  realm: string,
  work: (js: JetStreamClient) => Promise<T>,
): Promise<T> {
  return onRealmManager(realmd, realm, (_jsm, nc) => work(jetstream(nc, { timeout: 5000 })));
}
