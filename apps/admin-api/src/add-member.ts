import { ApiError, type OperationAccepted } from "@em/contracts";
import { assertPreflight } from "./assert-preflight.js";
import type { ClusterChangeContext } from "./cluster-change-context.js";
import { clusterPreflight } from "./cluster-preflight.js";
import { readLocalStores } from "./create-cluster.js";
import type { RealmView } from "./realm-summary.js";

/**
 * Adds a realm: restarts only the joiner with routes to all, keeps its realm-local stores
 * pinned to it (UM refuses a joiner whose store clashes with the cluster's), then reloads the
 * others' routes.
 */
export async function addMember(
  ctx: ClusterChangeContext,
  name: string,
  realm: string,
): Promise<OperationAccepted> {
  await ctx.options.poller.warmUp(ctx.options.coldStartWaitMs);
  const record = ctx.find(name);
  ctx.assertIdle(name);
  ctx.assertAllOnline(record, `add "${realm}"`);
  if (record.members.some((m) => m.realm === realm))
    throw new ApiError("CONFLICT", `Realm "${realm}" is already a member of cluster "${name}"`);
  const candidate = { name: realm, realm: ctx.candidate(realm) };
  const stores = (await readLocalStores(ctx, [candidate])).get(realm) ?? [];
  const via = (record.members[0] as { realm: string }).realm;
  const preflight = clusterPreflight({
    cluster: name,
    clusterTaken: false,
    realms: [candidate],
    localStores: "keep",
    clusterStores: stores.length > 0 ? await clusterStoreNames(ctx, via) : [],
    resultingSize: record.members.length + 1,
  });
  assertPreflight(preflight, `add "${realm}" to cluster "${name}"`);
  ctx.assertOpen();
  const view = ctx.options.poller.findRealm(realm) as RealmView;
  ctx.options.clusters.addMember(name, { realm, hostId: view.hostId });
  const joiner = ctx.members.target(realm);
  const others = record.members.map((m) => ctx.members.target(m.realm));
  const all = [...others, joiner];
  const keepStep = stores.length > 0 ? 1 : undefined;
  const firstRouteStep = 1 + (keepStep === undefined ? 0 : 1);
  const run = ctx.newRun("add-member", name, [
    `configure routes and restart ${realm}`,
    ...(keepStep === undefined ? [] : [`keep ${realm}'s ${stores.length} realm-local stores`]),
    ...others.map((t) => `add the route to ${realm} on ${t.realm}`),
    `wait for a master and all ${all.length} members`,
  ]);
  ctx.background(name, async () => {
    const requestedAt = Date.now();
    if (!(await run.step(0, () => ctx.members.join(name, joiner, all)))) {
      run.finish({
        code: "REALM_UNREACHABLE",
        message: `"${realm}" could not be configured: it is recorded as a member; remove it to roll back`,
      });
      return;
    }
    // Re-declared while the routes reload: the engine deletes unclaimed stores 30 s after a join.
    const kept =
      keepStep === undefined
        ? Promise.resolve(true)
        : run.step(keepStep, () => ctx.members.adoptLocalStores(realm, stores, requestedAt));
    // Once clustered, route changes reload without a restart (DESIGN.md, engine facts).
    const reloaded = await Promise.all(
      others.map((target, index) =>
        run.step(firstRouteStep + index, () => ctx.members.join(name, target, all)),
      ),
    );
    const formed = await run.step(firstRouteStep + others.length, () =>
      ctx.members.waitForMaster(
        name,
        all.map((t) => t.realm),
      ),
    );
    const keptAll = await kept;
    run.finish(
      !formed
        ? {
            code: "NO_QUORUM",
            message: `The cluster did not elect a master with all ${all.length} members: the realms are left as they are`,
          }
        : !reloaded.every(Boolean)
          ? {
              code: "REALM_UNREACHABLE",
              message:
                "The realm joined, but not every member's routes could be updated: retry when its host answers",
            }
          : !keptAll
            ? {
                code: "REALM_UNREACHABLE",
                message: `"${realm}" joined, but its realm-local stores could not all be kept: see the failed step`,
              }
            : undefined,
    );
  });
  return { operation: run.operation };
}

async function clusterStoreNames(ctx: ClusterChangeContext, via: string): Promise<string[]> {
  try {
    return await ctx.members.clusterStoreNames(via);
  } catch (error) {
    throw new ApiError(
      "REALM_UNREACHABLE",
      `The cluster's stores could not be listed through "${via}" to check for name clashes: retry when it answers`,
      { cause: error },
    );
  }
}
