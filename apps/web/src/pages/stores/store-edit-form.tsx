import { UpdateStoreSchema, type StoreDetail, type UpdateStore } from "@em/contracts";
import { useState } from "react";
import { ErrorNotice } from "../../components/error-notice.js";
import { useNotify } from "../../components/notices.js";
import { useUpdateStoreMutation } from "../../data/stores.js";
import type { StoreParent } from "../../lib/router.js";
import { Field } from "./create-store-fields.js";
import { FIELD_HELP } from "./store-copy.js";
import { TTL_UNITS, ttlFromMs, ttlToMs, type TtlUnit } from "./ttl-units.js";

/** Only what differs from the store now: a PATCH that changes nothing is refused. */
function changes(store: StoreDetail, next: Required<UpdateStore>): UpdateStore {
  const patch: UpdateStore = {};
  if (next.ttlMs !== store.ttlMs) patch.ttlMs = next.ttlMs;
  if (next.capacity !== store.capacity) patch.capacity = next.capacity;
  if (next.honourCapacity !== store.honourCapacity) patch.honourCapacity = next.honourCapacity;
  if (next.replicas !== store.replicas) patch.replicas = next.replicas;
  return patch;
}

/** Edits the attributes that can change on a live store: TTL, capacity, honour, replicas. */
export function StoreEditForm({
  parent,
  store,
  onDone,
}: {
  parent: StoreParent;
  store: StoreDetail;
  onDone: () => void;
}) {
  const notify = useNotify();
  const update = useUpdateStoreMutation(parent, store.name);
  const ttl = ttlFromMs(store.ttlMs);
  const [ttlValue, setTtlValue] = useState(String(ttl.value));
  const [ttlUnit, setTtlUnit] = useState<TtlUnit>(ttl.unit);
  const [capacity, setCapacity] = useState(String(store.capacity));
  const [honourCapacity, setHonourCapacity] = useState(store.honourCapacity);
  const [replicas, setReplicas] = useState(String(store.replicas));

  const next = {
    ttlMs: ttlToMs(Number(ttlValue || Number.NaN), ttlUnit),
    capacity: Number(capacity || Number.NaN),
    honourCapacity,
    replicas: Number(replicas || Number.NaN),
  };
  const patch = changes(store, next);
  const parsed = UpdateStoreSchema.safeParse(patch);
  const issue = (key: keyof UpdateStore) =>
    Number.isNaN(next[key])
      ? "enter a number"
      : parsed.success
        ? undefined
        : parsed.error.issues.find((i) => i.path[0] === key)?.message;
  const nothingChanged = Object.keys(patch).length === 0;

  return (
    <form
      className="store-edit"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (!parsed.success || nothingChanged) return;
        update.mutate(parsed.data, {
          onSuccess: () => {
            notify({ tone: "success", title: `${store.name} updated` });
            onDone();
          },
        });
      }}
      data-testid="store-edit-form"
    >
      <div className="form-row">
        <Field id="edit-ttl" label="Time to live" help={FIELD_HELP.ttl} error={issue("ttlMs")}>
          <span className="input-group">
            <input
              id="edit-ttl"
              className="input input--number"
              value={ttlValue}
              onChange={(e) => setTtlValue(e.target.value)}
              aria-invalid={issue("ttlMs") !== undefined}
            />
            <select
              className="input"
              aria-label="TTL unit"
              value={ttlUnit}
              onChange={(e) => setTtlUnit(e.target.value as TtlUnit)}
            >
              {TTL_UNITS.map((u) => (
                <option key={u.unit} value={u.unit}>
                  {u.label}
                </option>
              ))}
            </select>
          </span>
        </Field>
        <Field id="edit-capacity" label="Capacity" help="0 is unlimited" error={issue("capacity")}>
          <input
            id="edit-capacity"
            className="input input--number"
            value={capacity}
            onChange={(e) => setCapacity(e.target.value)}
            aria-invalid={issue("capacity") !== undefined}
          />
        </Field>
        {store.scope === "cluster" ? (
          <Field id="edit-replicas" label="Replicas" help="1 to 5" error={issue("replicas")}>
            <input
              id="edit-replicas"
              className="input input--number"
              value={replicas}
              onChange={(e) => setReplicas(e.target.value)}
              aria-invalid={issue("replicas") !== undefined}
            />
          </Field>
        ) : null}
      </div>
      <label className="checkbox-field">
        <input
          type="checkbox"
          checked={honourCapacity}
          onChange={(e) => setHonourCapacity(e.target.checked)}
        />
        <span>
          <span className="choice__title">Honour capacity</span>
          <span className="choice__help">{FIELD_HELP.honourCapacity}</span>
        </span>
      </label>
      {update.isError ? <ErrorNotice error={update.error} title="Not changed" /> : null}
      <div className="wizard__actions">
        <button type="button" className="button" onClick={onDone} disabled={update.isPending}>
          Cancel
        </button>
        <button
          type="submit"
          className="button button--primary"
          disabled={update.isPending || nothingChanged || !parsed.success}
          aria-busy={update.isPending}
          data-testid="store-edit-save"
        >
          {update.isPending ? "Saving…" : "Save changes"}
        </button>
      </div>
    </form>
  );
}
