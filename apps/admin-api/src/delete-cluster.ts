import type { OperationAccepted } from "@em/contracts";
import type { ClusterChangeContext } from "./cluster-change-context.js";

/** Takes every member back to standalone, then forgets the cluster. */
export function deleteCluster(ctx: ClusterChangeContext, name: string): OperationAccepted {
  const record = ctx.find(name);
  ctx.assertIdle(name);
  ctx.assertOpen();
  const targets = record.members.map((m) => ctx.members.target(m.realm));
  const run = ctx.newRun("delete-cluster", name, [
    ...targets.map((t) => `leave the cluster and restart ${t.realm} standalone`),
    "remove the cluster record",
  ]);
  ctx.background(name, async () => {
    // Members that are down are still asked: realmd rewrites their config either way.
    const left = await Promise.all(
      targets.map((target, index) => run.step(index, () => ctx.members.leave(target))),
    );
    if (!left.every(Boolean)) {
      run.finish({
        code: "REALM_UNREACHABLE",
        message:
          "Not every member could leave the cluster: the cluster is kept so the delete can be retried",
      });
      return;
    }
    await run.step(targets.length, () => {
      ctx.options.clusters.delete(name);
      return Promise.resolve(null);
    });
    run.finish();
  });
  return { operation: run.operation };
}
