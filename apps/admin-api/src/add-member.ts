import { ApiError, type OperationAccepted } from "@em/contracts";
import { assertPreflight } from "./assert-preflight.js";
import type { ClusterChangeContext } from "./cluster-change-context.js";
import { clusterPreflight } from "./cluster-preflight.js";
import type { RealmView } from "./realm-summary.js";

/** Adds a realm: restarts only the joiner with routes to all, then reloads the others' routes. */
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
  const preflight = clusterPreflight({
    cluster: name,
    clusterTaken: false,
    realms: [{ name: realm, realm: ctx.candidate(realm) }],
    // Adopting a joiner's stores is done for create only: it must not silently lose them.
    localStores: "keep",
    canKeepStores: false,
    resultingSize: record.members.length + 1,
  });
  assertPreflight(preflight, `add "${realm}" to cluster "${name}"`);
  ctx.assertOpen();
  const view = ctx.options.poller.findRealm(realm) as RealmView;
  ctx.options.clusters.addMember(name, { realm, hostId: view.hostId });
  const joiner = ctx.members.target(realm);
  const others = record.members.map((m) => ctx.members.target(m.realm));
  const all = [...others, joiner];
  const run = ctx.newRun("add-member", name, [
    `configure routes and restart ${realm}`,
    ...others.map((t) => `add the route to ${realm} on ${t.realm}`),
    `wait for a master and all ${all.length} members`,
  ]);
  ctx.background(name, async () => {
    if (!(await run.step(0, () => ctx.members.join(name, joiner, all)))) {
      run.finish({
        code: "REALM_UNREACHABLE",
        message: `"${realm}" could not be configured: it is recorded as a member; remove it to roll back`,
      });
      return;
    }
    // Once clustered, route changes reload without a restart (DESIGN.md, engine facts).
    const reloaded = await Promise.all(
      others.map((target, index) => run.step(index + 1, () => ctx.members.join(name, target, all))),
    );
    const formed = await run.step(others.length + 1, () =>
      ctx.members.waitForMaster(
        name,
        all.map((t) => t.realm),
      ),
    );
    run.finish(
      formed && reloaded.every(Boolean)
        ? undefined
        : {
            code: formed ? "REALM_UNREACHABLE" : "NO_QUORUM",
            message: formed
              ? "The realm joined, but not every member's routes could be updated: retry when its host answers"
              : `The cluster did not elect a master with all ${all.length} members: the realms are left as they are`,
          },
    );
  });
  return { operation: run.operation };
}
