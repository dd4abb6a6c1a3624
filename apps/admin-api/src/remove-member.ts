import type { ApiError, OperationAccepted } from "@em/contracts";
import type { ClusterChangeContext } from "./cluster-change-context.js";
import type { MemberTarget } from "./member-driver.js";
import type { OperationRun } from "./operation-run.js";

type Failure = { code: ApiError["code"]; message: string };

/**
 * Removes an online member: its replicas of cluster stores move to the others first, then it
 * restarts standalone keeping its realm-local stores, and the others drop its route.
 */
export function removeMember(
  ctx: ClusterChangeContext,
  name: string,
  realm: string,
): OperationAccepted {
  const record = ctx.find(name);
  ctx.assertMember(record, realm);
  ctx.assertIdle(name);
  ctx.assertAllOnline(record, `remove "${realm}"`);
  ctx.assertRemainsCluster(record, realm);
  ctx.assertOpen();
  const leaving = ctx.members.target(realm);
  const others = record.members
    .filter((m) => m.realm !== realm)
    .map((m) => ctx.members.target(m.realm));
  const via = (others[0] as MemberTarget).realm;
  const run = ctx.newRun("remove-member", name, [
    `move ${realm}'s replicas of cluster channels and queues to the other members`,
    `leave the cluster and restart ${realm} standalone`,
    `keep ${realm}'s realm-local channels and queues on it`,
    ...others.map((t) => `drop the route to ${realm} on ${t.realm}`),
    `wait for a master of the remaining ${others.length} members`,
  ]);
  ctx.background(name, async () => {
    const moved = await run.step(0, () => ctx.members.moveReplicasOff(via, realm, others.length));
    if (!moved) {
      run.finish({
        code: "REALM_UNREACHABLE",
        message: `"${realm}" is still a member: its replicas could not all be moved (see the step); retry`,
      });
      return;
    }
    if (!(await run.step(1, () => ctx.members.leave(leaving)))) {
      run.finish({
        code: "REALM_UNREACHABLE",
        message: `"${realm}" could not leave the cluster: it is still a member; retry`,
      });
      return;
    }
    ctx.options.clusters.removeMember(name, realm);
    // Only now that it has left: forgetting them earlier would delete their events on it.
    const kept = await run.step(2, () => ctx.members.forgetPinnedStores(via, realm));
    const failure = await shrinkCluster(ctx, run, name, others, 3);
    run.finish(
      failure ??
        (kept
          ? undefined
          : {
              code: "REALM_UNREACHABLE",
              message: `"${realm}" left; its realm-local stores are still listed on the cluster: see the failed step`,
            }),
    );
  });
  return { operation: run.operation };
}

/**
 * The remaining members drop the departed one's route, then elect a master among them.
 * Resolves with what failed, or undefined; the caller finishes the run.
 */
export async function shrinkCluster(
  ctx: ClusterChangeContext,
  run: OperationRun,
  cluster: string,
  remaining: MemberTarget[],
  firstStep: number,
): Promise<Failure | undefined> {
  const updated = await Promise.all(
    remaining.map((target, index) =>
      run.step(firstStep + index, () => ctx.members.join(cluster, target, remaining)),
    ),
  );
  const formed = await run.step(firstStep + remaining.length, () =>
    ctx.members.waitForMaster(
      cluster,
      remaining.map((t) => t.realm),
      false,
    ),
  );
  if (formed && updated.every(Boolean)) return undefined;
  return {
    code: formed ? "REALM_UNREACHABLE" : "NO_QUORUM",
    message: formed
      ? "Not every remaining member's routes could be updated: retry when its host answers"
      : "The remaining members did not elect a master",
  };
}
