import type { OperationAccepted } from "@em/contracts";
import type { ClusterChangeContext } from "./cluster-change-context.js";

/**
 * Takes every member back to standalone, then forgets the cluster. Its channels and queues are
 * kept first, each on one member (the one leading it), as that realm's realm-local store.
 */
export function deleteCluster(ctx: ClusterChangeContext, name: string): OperationAccepted {
  const record = ctx.find(name);
  ctx.assertIdle(name);
  ctx.assertOpen();
  const targets = record.members.map((m) => ctx.members.target(m.realm));
  const online = record.members.filter(
    (m) => ctx.options.poller.findRealm(m.realm)?.summary.status === "online",
  );
  const run = ctx.newRun("delete-cluster", name, [
    "keep each cluster channel and queue, with its events, on one member",
    ...targets.map((t) => `leave the cluster and restart ${t.realm} standalone`),
    "remove the cluster record",
  ]);
  ctx.background(name, async () => {
    const kept = await run.step(0, async () => {
      const via = online[0]?.realm;
      if (via === undefined) throw new Error("no member is online to ask");
      return ctx.members.keepOnOneMember(via);
    });
    if (!kept) {
      run.finish({
        code: "NO_QUORUM",
        message:
          "The cluster's channels and queues could not be kept on one member each, so no member left: retry when the cluster has a master",
      });
      return;
    }
    // Members that are down are still asked: realmd rewrites their config either way.
    const left = await Promise.all(
      targets.map((target, index) => run.step(index + 1, () => ctx.members.leave(target))),
    );
    if (!left.every(Boolean)) {
      run.finish({
        code: "REALM_UNREACHABLE",
        message:
          "Not every member could leave the cluster: the cluster is kept so the delete can be retried",
      });
      return;
    }
    await run.step(targets.length + 1, () => {
      ctx.options.clusters.delete(name);
      return Promise.resolve(null);
    });
    run.finish();
  });
  return { operation: run.operation };
}
