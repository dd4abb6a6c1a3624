// Prepares what the examples use, through the admin API as the console would: a cluster `demo`
// of realm1, realm2 and realm3 (unless they already form one) and the cluster channel /sales.
// Needs the admin password: EM_ADMIN_PASSWORD (the one `npm start` printed on its first start).
//
//   EM_ADMIN_PASSWORD=… npx tsx examples/setup-demo.ts
import {
  API_ROUTES,
  CSRF_HEADER,
  ClusterListSchema,
  OperationAcceptedSchema,
  OperationSchema,
  apiPath,
} from "@em/contracts";
import { settings } from "./realm-access.js";

const REALMS = ["realm1", "realm2", "realm3"];
const consoleUrl = process.env["EM_URL"] ?? `http://127.0.0.1:${process.env["EM_PORT"] ?? 7800}`;
const password = process.env["EM_ADMIN_PASSWORD"];
if (!password) throw new Error("set EM_ADMIN_PASSWORD to the admin password `npm start` printed");

let cookie = "";
async function api(method: string, path: string, body?: unknown): Promise<Response> {
  const response = await fetch(`${consoleUrl}${path}`, {
    method,
    headers: {
      "content-type": "application/json",
      [CSRF_HEADER]: "1",
      ...(cookie ? { cookie } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(30_000),
  });
  const setCookie = response.headers.getSetCookie()[0];
  if (setCookie) cookie = setCookie.split(";")[0] ?? "";
  return response;
}

const login = await api("POST", API_ROUTES.login.path, { username: "admin", password });
if (!login.ok) throw new Error(`login to ${consoleUrl} failed: ${login.status}`);

const { clusters } = ClusterListSchema.parse(
  await (await api("GET", API_ROUTES.listClusters.path)).json(),
);
let cluster = clusters.find((candidate) =>
  REALMS.every((realm) => candidate.members.some((member) => member.realm === realm)),
)?.name;
if (cluster) console.log(`[setup] realm1–3 already form cluster ${cluster}`);
else {
  cluster = "demo";
  console.log(`[setup] creating cluster ${cluster} of ${REALMS.join(", ")} …`);
  const created = await api("POST", API_ROUTES.createCluster.path, {
    name: cluster,
    realms: REALMS,
  });
  if (created.status !== 202)
    throw new Error(`create cluster: ${created.status} ${await created.text()}`);
  const { operation } = OperationAcceptedSchema.parse(await created.json());
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const current = OperationSchema.parse(
      await (await api("GET", apiPath(API_ROUTES.getOperation.path, { id: operation.id }))).json(),
    );
    if (current.status === "failed")
      throw new Error(`create cluster failed: ${current.error?.message}`);
    if (current.status === "succeeded") break;
  }
  console.log(`[setup] cluster ${cluster} created`);
}

const channel = await api(
  "POST",
  apiPath(API_ROUTES.clusterChannelCreate.path, { name: cluster }),
  { name: settings.channel },
);
if (channel.status === 201) console.log(`[setup] cluster channel ${settings.channel} created`);
else if (channel.status === 409) console.log(`[setup] cluster channel ${settings.channel} exists`);
else throw new Error(`create ${settings.channel}: ${channel.status} ${await channel.text()}`);
