import type { StoreDetail } from "@em/contracts";
import { useState, type ReactNode } from "react";
import { formatBytes, formatCompact } from "../../lib/format.js";
import type { StoreParent } from "../../lib/router.js";
import { StoreEditForm } from "./store-edit-form.js";
import { formatTtl } from "./ttl-units.js";

function Item({
  label,
  children,
  testId,
  wide = false,
}: {
  label: string;
  children: ReactNode;
  testId?: string;
  wide?: boolean;
}) {
  return (
    <div className={wide ? "stat stat--wide" : "stat"}>
      <dt className="field__label">{label}</dt>
      <dd className="stat__value" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

/** What the store holds now, and the attributes it was made with (editable by operators). */
export function StoreSummary({
  parent,
  store,
  canEdit,
}: {
  parent: StoreParent;
  store: StoreDetail;
  canEdit: boolean;
}) {
  const [editing, setEditing] = useState(false);
  return (
    <div className="store-summary">
      <section className="panel" aria-label="Counts">
        <dl className="stats">
          <Item label="Events" testId="store-events">
            {store.events}
          </Item>
          <Item label="Size">{formatBytes(store.bytes)}</Item>
          <Item label="First EID" testId="store-first-eid">
            {store.firstEid || "—"}
          </Item>
          <Item label="Last EID" testId="store-last-eid">
            {store.lastEid || "—"}
          </Item>
          <Item label="Rate">
            {store.ratePerSecond === null ? "—" : `${formatCompact(store.ratePerSecond)} /s`}
          </Item>
          <Item label="Leader">
            {store.leader ?? (store.scope === "local" ? store.realm : "none")}
          </Item>
        </dl>
      </section>
      <section className="panel" aria-labelledby="attributes-title">
        <div className="panel__header">
          <h2 id="attributes-title" className="section-title">
            Attributes
          </h2>
          {canEdit && !editing ? (
            <button
              type="button"
              className="button button--small"
              onClick={() => setEditing(true)}
              data-testid="store-edit"
            >
              Edit
            </button>
          ) : null}
        </div>
        {editing ? (
          <StoreEditForm parent={parent} store={store} onDone={() => setEditing(false)} />
        ) : (
          <dl className="stats">
            <Item label="Type" testId="store-type">
              {store.type}
            </Item>
            <Item label="Time to live" testId="store-ttl">
              {formatTtl(store.ttlMs)}
            </Item>
            <Item label="Capacity" testId="store-capacity">
              {store.capacity === 0 ? "unlimited" : store.capacity}
            </Item>
            <Item label="When full">
              {store.honourCapacity ? "refuse publishes" : "drop the oldest"}
            </Item>
            <Item label="Replicas">
              {store.scope === "local" ? `1 (on ${store.realm ?? "its realm"})` : store.replicas}
            </Item>
            <Item label="Created" wide>
              <time dateTime={store.createdAt} className="stat__time">
                {new Date(store.createdAt).toLocaleString()}
              </time>
            </Item>
          </dl>
        )}
      </section>
    </div>
  );
}
