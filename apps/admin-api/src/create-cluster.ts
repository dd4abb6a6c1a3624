import type { CreateCluster, OperationAccepted, Preflight } from "@em/contracts";
import { assertPreflight } from "./assert-preflight.js";
import type { ClusterChangeContext } from "./cluster-change-context.js";
import { clusterPreflight, type CandidateRealm } from "./cluster-preflight.js";
import type { LocalStore } from "./local-stores.js";
import type { RealmView } from "./realm-summary.js";

/** Runs the preflight; unless `dryRun`, records the cluster and joins its realms in the background. */
export async function createCluster(
  ctx: ClusterChangeContext,
  input: CreateCluster,
  dryRun: boolean,
): Promise<Preflight | OperationAccepted> {
  await ctx.options.poller.warmUp(ctx.options.coldStartWaitMs);
  const candidates = input.realms.map((name) => ({ name, realm: ctx.candidate(name) }));
  const stores = await readLocalStores(ctx, candidates);
  const preflight = clusterPreflight({
    cluster: input.name,
    clusterTaken: ctx.options.clusters.get(input.name) !== undefined,
    realms: candidates,
    localStores: input.localStores,
    resultingSize: input.realms.length,
  });
  if (dryRun) return preflight;
  assertPreflight(preflight, `create cluster "${input.name}"`);
  ctx.assertOpen();

  const views = input.realms.map((name) => ctx.options.poller.findRealm(name) as RealmView);
  ctx.options.clusters.insert(
    input.name,
    views.map((view) => ({ realm: view.definition.name, hostId: view.hostId })),
  );
  const targets = views.map((view) => ctx.members.target(view.definition.name));
  const keep = input.localStores === "keep";
  // Per member with stores: delete them before its restart, or re-declare them after it.
  const holding = targets
    .map((target) => ({ target, stores: stores.get(target.realm) ?? [] }))
    .filter((h) => h.stores.length > 0);
  const storesOf = (n: number) => `${n} realm-local store${n === 1 ? "" : "s"}`;
  const deleteSteps = keep
    ? []
    : holding.map((h) => `delete ${storesOf(h.stores.length)} of ${h.target.realm}`);
  const joinStep = deleteSteps.length;
  const waitStep = joinStep + targets.length;
  const keepStep = waitStep + 1;
  const run = ctx.newRun("create-cluster", input.name, [
    ...deleteSteps,
    ...targets.map((t) => `configure routes and restart ${t.realm}`),
    `wait for a master and all ${targets.length} members`,
    ...(keep ? holding.map((h) => `keep ${storesOf(h.stores.length)} of ${h.target.realm}`) : []),
  ]);
  ctx.background(input.name, async () => {
    // Deleted while still standalone: after the join they are invisible (DESIGN.md).
    const deleted = await Promise.all(
      deleteSteps.map((_, index) => {
        const { target, stores: held } = holding[index] as (typeof holding)[number];
        return run.step(index, () => ctx.members.deleteLocalStores(target.realm, held));
      }),
    );
    if (!deleted.every(Boolean)) {
      run.finish({
        code: "REALM_UNREACHABLE",
        message:
          "Not every realm-local store could be deleted: no realm was restarted; retry by deleting the cluster and creating it again",
      });
      return;
    }
    // Every member restarts before any wait: a meta leader needs a majority of them up.
    const restartedAt = new Map<string, number>();
    const joined = await Promise.all(
      targets.map((target, index) =>
        run.step(joinStep + index, async () => {
          // The engine's 30 s start somewhere in this call: count from before it, to be safe.
          const requestedAt = Date.now();
          const message = await ctx.members.join(input.name, target, targets);
          restartedAt.set(target.realm, requestedAt);
          return message;
        }),
      ),
    );
    // The engine deletes unclaimed stores 30 s after a join: re-declare them while the cluster
    // forms (each attempt waits for a meta leader), not after a possibly long wait.
    const kept = Promise.all(
      (keep ? holding : []).map(({ target, stores: held }, index) => {
        const since = restartedAt.get(target.realm);
        if (since === undefined) return Promise.resolve(false);
        return run.step(keepStep + index, () =>
          ctx.members.adoptLocalStores(target.realm, held, since),
        );
      }),
    );
    if (!joined.every(Boolean)) {
      const keptAll = (await kept).every(Boolean);
      run.finish({
        code: "REALM_UNREACHABLE",
        message: `Not every realm could be configured: the cluster is recorded as is${keptAll ? "" : " and not every realm-local store was kept"}; retry by deleting it and creating it again`,
      });
      return;
    }
    const formed = await run.step(waitStep, () =>
      ctx.members.waitForMaster(
        input.name,
        targets.map((t) => t.realm),
      ),
    );
    const keptAll = (await kept).every(Boolean);
    run.finish(
      !formed
        ? {
            code: "NO_QUORUM",
            message: `The realms did not elect a master with all ${targets.length} members: they are left running as they are; delete the cluster to roll back`,
          }
        : !keptAll
          ? {
              code: "REALM_UNREACHABLE",
              message:
                "The cluster formed, but not every realm-local store could be kept: see the failed step",
            }
          : undefined,
    );
  });
  return { operation: run.operation };
}

/**
 * Lists each online candidate's realm-local stores onto it (for the preflight) and returns
 * them by realm, for the operation to delete or keep.
 */
export async function readLocalStores(
  ctx: ClusterChangeContext,
  candidates: { name: string; realm: CandidateRealm | undefined }[],
): Promise<Map<string, LocalStore[]>> {
  const found = new Map<string, LocalStore[]>();
  await Promise.all(
    candidates.map(async ({ name, realm }) => {
      if (!realm || realm.status !== "online") return;
      try {
        const stores = await ctx.members.localStores(name);
        found.set(name, stores);
        realm.stores = stores.map((s) => s.name);
      } catch (error) {
        realm.storesProblem = error instanceof Error ? error.message : String(error);
      }
    }),
  );
  return found;
}
