import { mkdir, readFile, readdir, rename } from "node:fs/promises";
import { join } from "node:path";

/**
 * A realm that leaves its cluster keeps on disk its copies of the cluster's replicated stores.
 * Standalone it cannot serve them (nats-server 2.10: "replicas > 1 not supported in
 * non-clustered mode", 10074) and its health check fails until they go, so it would never come
 * up. They are moved aside, not deleted: the cluster holds them on its other members, and
 * nothing an operator had is ever destroyed by realmd.
 *
 * Layout seen on 2.10.27: `<store_dir>/jetstream/<account>/streams/<stream>/meta.inf`, the
 * stream's config as JSON with `num_replicas`.
 */
export async function setAsideReplicaCopies(
  storeDir: string,
  setAsideDir: string,
): Promise<string[]> {
  const root = join(storeDir, "jetstream");
  const moved: string[] = [];
  for (const account of await listDirs(root)) {
    const streams = join(root, account, "streams");
    for (const stream of await listDirs(streams)) {
      if ((await replicasOf(join(streams, stream, "meta.inf"))) <= 1) continue;
      const target = join(setAsideDir, account, `${stream}-${Date.now()}`);
      await mkdir(join(setAsideDir, account), { recursive: true });
      await rename(join(streams, stream), target);
      moved.push(`${account}/${stream}`);
    }
  }
  return moved;
}

async function listDirs(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

async function replicasOf(metaPath: string): Promise<number> {
  try {
    const meta = JSON.parse(await readFile(metaPath, "utf8")) as { num_replicas?: unknown };
    return typeof meta.num_replicas === "number" ? meta.num_replicas : 1;
  } catch {
    // No readable config: not a stream the engine would try to recover as replicated.
    return 1;
  }
}
