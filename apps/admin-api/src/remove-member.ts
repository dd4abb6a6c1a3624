import type { OperationAccepted } from "@em/contracts";
import type { ClusterChangeContext } from "./cluster-change-context.js";
import type { MemberTarget } from "./member-driver.js";
import type { OperationRun } from "./operation-run.js";

/** Removes an online member: it restarts standalone and the others drop its route. */
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
  const run = ctx.newRun("remove-member", name, [
    `leave the cluster and restart ${realm} standalone`,
    ...others.map((t) => `drop the route to ${realm} on ${t.realm}`),
    `wait for a master of the remaining ${others.length} members`,
  ]);
  ctx.background(name, async () => {
    if (!(await run.step(0, () => ctx.members.leave(leaving)))) {
      run.finish({
        code: "REALM_UNREACHABLE",
        message: `"${realm}" could not leave the cluster: it is still a member; retry`,
      });
      return;
    }
    ctx.options.clusters.removeMember(name, realm);
    await shrinkCluster(ctx, run, name, others, 1);
  });
  return { operation: run.operation };
}

/** The remaining members drop the departed one's route, then elect a master among them. */
export async function shrinkCluster(
  ctx: ClusterChangeContext,
  run: OperationRun,
  cluster: string,
  remaining: MemberTarget[],
  firstStep: number,
): Promise<void> {
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
  run.finish(
    formed && updated.every(Boolean)
      ? undefined
      : {
          code: formed ? "REALM_UNREACHABLE" : "NO_QUORUM",
          message: formed
            ? "Not every remaining member's routes could be updated: retry when its host answers"
            : "The remaining members did not elect a master",
        },
  );
}
