import type { StoreSummary } from "@em/contracts";
import { useState } from "react";
import { Link } from "../../components/link.js";
import { formatCompact } from "../../lib/format.js";
import type { StoreParent } from "../../lib/router.js";
import { ReplicaHealthBadge, kindWords } from "./store-copy.js";
import { storeTreeRows } from "./store-tree.js";

const COLUMNS = 8;

/** Indent per folder level, in px. */
const INDENT_PX = 18;

function eid(value: number): string {
  return value === 0 ? "—" : String(value);
}

function StoreRow({
  parent,
  store,
  label,
  depth,
}: {
  parent: StoreParent;
  store: StoreSummary;
  label: string;
  depth: number;
}) {
  return (
    <tr className="store-row" data-testid={`store-row-${store.name}`}>
      <th scope="row" className="store-row__name" style={{ paddingLeft: 8 + depth * INDENT_PX }}>
        <Link to={{ page: "store", ...parent, store: store.name }} title={store.name}>
          {label}
        </Link>
      </th>
      <td>{store.type}</td>
      <td className="num">{formatCompact(store.events)}</td>
      <td className="num">{eid(store.firstEid)}</td>
      <td className="num">{eid(store.lastEid)}</td>
      <td className="num">{formatCompact(store.ratePerSecond)}</td>
      <td className="num">{store.consumers}</td>
      <td className="nowrap">
        {store.scope === "local" ? (
          <span className="muted small" title={`Kept on ${store.realm ?? "one realm"} only`}>
            local
          </span>
        ) : (
          <>
            <ReplicaHealthBadge health={store.replicaHealth} />{" "}
            <span className="muted small">×{store.replicas}</span>
          </>
        )}
      </td>
    </tr>
  );
}

/** One page of stores, grouped into collapsible folders by `/`. */
export function StoreTable({
  parent,
  stores,
}: {
  parent: StoreParent;
  stores: readonly StoreSummary[];
}) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const toggle = (path: string) =>
    setCollapsed((set) => {
      const next = new Set(set);
      if (!next.delete(path)) next.add(path);
      return next;
    });
  const words = kindWords(parent.kind);
  return (
    <div className="table-wrap">
      <table className="table" data-testid="store-table">
        <caption className="visually-hidden">
          {words.Plural} of {parent.owner} {parent.name}
        </caption>
        <thead>
          <tr>
            <th scope="col">{words.One}</th>
            <th scope="col">Type</th>
            <th scope="col" className="num">
              Events
            </th>
            <th scope="col" className="num">
              First EID
            </th>
            <th scope="col" className="num">
              Last EID
            </th>
            <th scope="col" className="num" title="Events stored per second">
              Rate /s
            </th>
            <th scope="col" className="num" title="Durable subscribers or queue consumers">
              Consumers
            </th>
            <th scope="col">Replicas</th>
          </tr>
        </thead>
        <tbody>
          {storeTreeRows(stores, collapsed).map((row) =>
            row.type === "folder" ? (
              <tr key={`folder:${row.path}`} className="folder-row">
                <td colSpan={COLUMNS} style={{ paddingLeft: 8 + row.depth * INDENT_PX }}>
                  <button
                    type="button"
                    className="folder-row__toggle"
                    aria-expanded={!row.collapsed}
                    onClick={() => toggle(row.path)}
                    data-testid={`folder-${row.path}`}
                  >
                    <span className="folder-row__chevron" aria-hidden="true">
                      {row.collapsed ? "▸" : "▾"}
                    </span>
                    {row.label}/
                  </button>
                  <span className="muted small">
                    {row.count} {row.count === 1 ? words.one : words.plural}
                  </span>
                </td>
              </tr>
            ) : (
              <StoreRow
                key={row.store.name}
                parent={parent}
                store={row.store}
                label={row.label}
                depth={row.depth}
              />
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}
