import { ApiError, type OperationAccepted } from "@em/contracts";
import type { ClusterChangeContext } from "./cluster-change-context.js";
import type { MemberTarget } from "./member-driver.js";
import { shrinkCluster } from "./remove-member.js";

/** Emergency: forgets an offline member; the others drop its route. */
export function evictMember(
  ctx: ClusterChangeContext,
  name: string,
  realm: string,
): OperationAccepted {
  const record = ctx.find(name);
  ctx.assertMember(record, realm);
  ctx.assertIdle(name);
  const view = ctx.options.poller.findRealm(realm);
  if (view?.summary.status === "online") {
    throw new ApiError(
      "INVALID_STATE",
      `Realm "${realm}" is online: remove it from the cluster instead; evict is only for a member that is down`,
    );
  }
  ctx.assertRemainsCluster(record, realm);
  ctx.assertOpen();
  const evicted = ctx.members.target(realm);
  const others = record.members
    .filter((m) => m.realm !== realm)
    .map((m) => ctx.members.target(m.realm));
  const via = (others[0] as MemberTarget).realm;
  const run = ctx.newRun("evict-member", name, [
    `move ${realm}'s replicas of cluster channels and queues to the other members`,
    `clear the cluster from ${realm}'s config`,
    `stop listing ${realm}'s realm-local channels and queues on the cluster`,
    ...others.map((t) => `drop the route to ${realm} on ${t.realm}`),
    `wait for a master of the remaining ${others.length} members`,
  ]);
  ctx.options.clusters.removeMember(name, realm);
  ctx.background(name, async () => {
    // Its replicas are lost with it either way: new ones on the others restore the count.
    const moved = await run.step(0, () => ctx.members.moveReplicasOff(via, realm, others.length));
    // Best effort: its host may be down with it. If it fails the realm would rejoin when
    // started, which the step's message says.
    const left = await run.step(1, async () => {
      try {
        return await ctx.members.leave(evicted);
      } catch (error) {
        throw new Error(
          `${error instanceof Error ? error.message : String(error)}: clear its cluster before starting it again`,
          { cause: error },
        );
      }
    });
    // Forgotten only once it is sure not to rejoin: a rejoining realm deletes what the
    // cluster no longer lists.
    const forgotten = await run.step(2, () =>
      left
        ? ctx.members.forgetPinnedStores(via, realm)
        : Promise.reject(
            new Error(
              `skipped: ${realm} may rejoin when started, and would lose what is not listed`,
            ),
          ),
    );
    const failure = await shrinkCluster(ctx, run, name, others, 3);
    run.finish(
      failure ??
        (moved && forgotten
          ? undefined
          : {
              code: "REALM_UNREACHABLE",
              message: `"${realm}" is evicted, but not every step succeeded: see the failed steps`,
            }),
    );
  });
  return { operation: run.operation };
}
