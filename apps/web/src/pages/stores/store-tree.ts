import { storeFolders } from "@em/contracts";

/** A row of the store table: a folder (collapsible) or a store, indented by its depth. */
export type StoreTreeRow<T> =
  | {
      type: "folder";
      /** The folder's full path, e.g. `/eu/de`. */
      path: string;
      /** Its last part, e.g. `de`. */
      label: string;
      depth: number;
      /** Stores under it (at any depth) on this page. */
      count: number;
      collapsed: boolean;
    }
  | { type: "store"; store: T; label: string; depth: number };

/** The name's parts: `/eu/sales` → `["", "eu", "sales"]`. */
function parts(name: string): string[] {
  return name.split("/");
}

/** Part by part, so a folder's stores stay together: `/eu/x` < `/eu/y` < `/eu-west`. */
export function compareStoreNames(a: string, b: string): number {
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i] as string;
    const y = pb[i] as string;
    if (x !== y) return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}

function lastPart(name: string): string {
  return name.slice(name.lastIndexOf("/") + 1);
}

/**
 * Groups one page of stores into folder rows by `/` (UM's folder separator). A folder row
 * comes before its contents; the contents of a collapsed folder are left out.
 */
export function storeTreeRows<T extends { name: string }>(
  stores: readonly T[],
  collapsed: ReadonlySet<string>,
): StoreTreeRow<T>[] {
  const sorted = [...stores].sort((a, b) => compareStoreNames(a.name, b.name));
  const counts = new Map<string, number>();
  for (const { name } of sorted) {
    for (const folder of storeFolders(name)) counts.set(folder, (counts.get(folder) ?? 0) + 1);
  }
  const rows: StoreTreeRow<T>[] = [];
  // The folders the previous row sits in, outermost first.
  let open: string[] = [];
  for (const store of sorted) {
    const folders = storeFolders(store.name);
    let shared = 0;
    while (shared < open.length && open[shared] === folders[shared]) shared++;
    for (let depth = shared; depth < folders.length; depth++) {
      const path = folders[depth] as string;
      const hidden = folders.slice(0, depth).some((f) => collapsed.has(f));
      if (!hidden) {
        rows.push({
          type: "folder",
          path,
          label: lastPart(path),
          depth,
          count: counts.get(path) ?? 0,
          collapsed: collapsed.has(path),
        });
      }
    }
    open = folders;
    if (!folders.some((f) => collapsed.has(f))) {
      // A store outside any folder shows its whole name (`/sales`), one inside only its own part.
      const label = folders.length === 0 ? store.name : lastPart(store.name);
      rows.push({ type: "store", store, label, depth: folders.length });
    }
  }
  return rows;
}
