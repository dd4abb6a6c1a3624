// How fast GET /api/realms answers with three healthy realms, and with one of them frozen
// (SIGSTOP) — the console's promise that one frozen realm never slows the page. Prints medians,
// p99 and the frozen/healthy ratio from the same run (absolute times on a shared machine vary).
import { eventually, startAdminApi, startRealmHost, tempDir } from "@em/testkit";
import { RealmListSchema } from "@em/contracts";
import { summarize, type Summary } from "./stats.js";

const SAMPLES = 200;

async function measure(get: () => Promise<Response>): Promise<Summary> {
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const started = performance.now();
    const response = await get();
    await response.arrayBuffer();
    times.push(performance.now() - started);
  }
  return summarize(times);
}

export async function realmListLatency(): Promise<Record<string, Summary | number>> {
  await using dir = await tempDir("bench-realms");
  const host = await startRealmHost(`${dir.path}/realmd`);
  try {
    for (const name of ["realm1", "realm2", "realm3"]) await host.createRealm(name);
    await using adminApi = await startAdminApi({
      dataDir: `${dir.path}/admin-api`,
      registerHost: { url: host.url, token: host.token },
      // Hundreds of timed calls a minute: latency, not the API rate limit.
      env: { EM_API_RATE_LIMIT_PER_MINUTE: "0" },
    });
    const session = await adminApi.adminSession();
    const statuses = async () =>
      RealmListSchema.parse(await (await session.get("/api/realms")).json()).realms.map(
        (realm) => realm.status,
      );
    await eventually("three online realms", async () =>
      (await statuses()).every((status) => status === "online"),
    );
    const healthy = await measure(() => session.get("/api/realms"));

    const pid = (await host.hostedRealm("realm2")).process.pid as number;
    process.kill(pid, "SIGSTOP");
    try {
      await eventually("realm2 unresponsive", async () =>
        (await statuses()).includes("unresponsive"),
      );
      const frozen = await measure(() => session.get("/api/realms"));
      return { healthy, frozen, ratioP50: frozen.p50 / healthy.p50 };
    } finally {
      process.kill(pid, "SIGCONT");
    }
  } finally {
    await host.stop();
  }
}
