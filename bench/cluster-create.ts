// Time to create a three-realm cluster through the admin API, from POST /api/clusters until
// the cluster reports one master and quorum 3/3 — the operator's wait in the wizard. Each run
// deletes the cluster again (members back to standalone) before the next. Meanwhile a client
// connected to realm1 measures how long it goes without an answer (client-stall.ts).
import {
  eventually,
  freePort,
  startAdminApi,
  startRealmHost,
  tempDir,
  type HttpSession,
} from "@em/testkit";
import { ClusterDetailSchema, OperationAcceptedSchema, OperationSchema } from "@em/contracts";
import { probeClient } from "./client-stall.js";
import { summarize, type Summary } from "./stats.js";

const RUNS = 5;
const REALMS = ["realm1", "realm2", "realm3"];

async function waitForOperation(session: HttpSession, id: string): Promise<void> {
  await eventually(
    `operation ${id}`,
    async () => {
      const operation = OperationSchema.parse(
        await (await session.get(`/api/operations/${id}`)).json(),
      );
      if (operation.status === "failed")
        throw new Error(`operation failed: ${operation.error?.message}`);
      return operation.status === "succeeded";
    },
    90_000,
  );
}

async function createOnce(session: HttpSession, name: string): Promise<number> {
  const started = performance.now();
  const response = await session.post("/api/clusters", {
    name,
    realms: REALMS,
    localStores: "keep",
  });
  if (response.status !== 202)
    throw new Error(`create ${name}: ${response.status} ${await response.text()}`);
  await eventually(
    `${name} with one master and quorum 3/3`,
    async () => {
      const detail = await session.get(`/api/clusters/${name}`);
      if (!detail.ok) return false;
      const cluster = ClusterDetailSchema.parse(await detail.json());
      const masters = cluster.members.filter((member) => member.state === "master").length;
      return masters === 1 && cluster.quorum.online === 3 && cluster.quorum.held;
    },
    60_000,
  );
  const elapsed = performance.now() - started;
  const { operation } = OperationAcceptedSchema.parse(await response.json());
  await waitForOperation(session, operation.id);
  return elapsed;
}

export interface ClusterCreateFigures {
  create: Summary;
  /** The longest time without a round trip for a client connected to realm1 during each create. */
  clientStall: Summary;
}

export async function clusterCreateTime(): Promise<ClusterCreateFigures> {
  await using dir = await tempDir("bench-cluster");
  const host = await startRealmHost(`${dir.path}/realmd`);
  try {
    for (const name of REALMS) await host.createRealm(name, { clusterPort: await freePort() });
    await using adminApi = await startAdminApi({
      dataDir: `${dir.path}/admin-api`,
      registerHost: { url: host.url, token: host.token },
    });
    const session = await adminApi.adminSession();
    const times: number[] = [];
    const stalls: number[] = [];
    for (let run = 1; run <= RUNS; run++) {
      const name = `bench${run}`;
      await eventually(
        "every realm standalone and online",
        async () => {
          const dryRun = await session.post("/api/clusters?dryRun=true", { name, realms: REALMS });
          return dryRun.ok && ((await dryRun.json()) as { ok: boolean }).ok;
        },
        60_000,
      );
      const probe = await probeClient(host, "realm1");
      times.push(await createOnce(session, name));
      stalls.push(await probe.stop());
      const deleted = await session.delete(`/api/clusters/${name}`);
      const { operation } = OperationAcceptedSchema.parse(await deleted.json());
      await waitForOperation(session, operation.id);
    }
    return { create: summarize(times), clientStall: summarize(stalls) };
  } finally {
    await host.stop();
  }
}
