import { describe, expect, it } from "vitest";
import { compareStoreNames, storeTreeRows } from "./store-tree.js";

const stores = (...names: string[]) => names.map((name) => ({ name }));

function outline(rows: ReturnType<typeof storeTreeRows<{ name: string }>>): string[] {
  return rows.map((row) =>
    row.type === "folder"
      ? `${"  ".repeat(row.depth)}[${row.label}/ ${row.count}${row.collapsed ? " +" : ""}]`
      : `${"  ".repeat(row.depth)}${row.label}`,
  );
}

describe("store tree", () => {
  it("sorts part by part so a folder's stores stay together", () => {
    const names = ["/eu-west", "/eu/y", "/eu/x", "/eu", "/a"];
    expect(names.sort(compareStoreNames)).toEqual(["/a", "/eu", "/eu/x", "/eu/y", "/eu-west"]);
  });

  it("groups stores into nested folder rows with their counts", () => {
    const rows = storeTreeRows(
      stores("/sales", "/eu/de/orders", "/eu/fr/orders", "/eu/de/billing", "plain", "/eu/all"),
      new Set(),
    );
    expect(outline(rows)).toEqual([
      "[eu/ 4]",
      "  all",
      "  [de/ 2]",
      "    billing",
      "    orders",
      "  [fr/ 1]",
      "    orders",
      "/sales",
      "plain",
    ]);
  });

  it("leaves out what a collapsed folder holds, but keeps the folder row", () => {
    const rows = storeTreeRows(stores("/eu/de/a", "/eu/b", "/us/c"), new Set(["/eu"]));
    expect(outline(rows)).toEqual(["[eu/ 2 +]", "[us/ 1]", "  c"]);
    const inner = storeTreeRows(stores("/eu/de/a", "/eu/b"), new Set(["/eu/de"]));
    expect(outline(inner)).toEqual(["[eu/ 2]", "  b", "  [de/ 1 +]"]);
  });

  it("shows a store and a folder of the same name side by side", () => {
    expect(outline(storeTreeRows(stores("/eu", "/eu/sales"), new Set()))).toEqual([
      "/eu",
      "[eu/ 1]",
      "  sales",
    ]);
  });

  it("groups names without a leading slash too", () => {
    expect(outline(storeTreeRows(stores("eu/a", "eu/b"), new Set()))).toEqual([
      "[eu/ 2]",
      "  a",
      "  b",
    ]);
  });
});
