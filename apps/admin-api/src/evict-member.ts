import { ApiError, type OperationAccepted } from "@em/contracts";
import type { ClusterChangeContext } from "./cluster-change-context.js";
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
  const run = ctx.newRun("evict-member", name, [
    `clear the cluster from ${realm}'s config`,
    ...others.map((t) => `drop the route to ${realm} on ${t.realm}`),
    `wait for a master of the remaining ${others.length} members`,
  ]);
  ctx.options.clusters.removeMember(name, realm);
  ctx.background(name, async () => {
    // Best effort: its host may be down with it. If it fails the realm would rejoin when
    // started, which the step's message says.
    await run.step(0, async () => {
      try {
        return await ctx.members.leave(evicted);
      } catch (error) {
        throw new Error(
          `${error instanceof Error ? error.message : String(error)}: clear its cluster before starting it again`,
          { cause: error },
        );
      }
    });
    await shrinkCluster(ctx, run, name, others, 1);
  });
  return { operation: run.operation };
}
