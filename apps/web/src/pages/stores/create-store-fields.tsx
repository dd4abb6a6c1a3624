import type { ReactNode } from "react";
import type { CreateStoreField, CreateStoreForm, FieldErrors } from "./create-store-form.js";
import { FIELD_HELP } from "./store-copy.js";
import { TTL_UNITS, type TtlUnit } from "./ttl-units.js";

export interface FieldProps {
  form: CreateStoreForm;
  errors: FieldErrors;
  onChange: (patch: Partial<CreateStoreForm>, field: CreateStoreField) => void;
  onBlur: (field: CreateStoreField) => void;
}

/** A labelled field with its help, or its error in place of the help once there is one. */
export function Field({
  id,
  label,
  help,
  error,
  children,
}: {
  id: string;
  label: string;
  help: string;
  error: string | undefined;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {children}
      <span
        id={`${id}-help`}
        className={error ? "field__error" : "field__help"}
        data-testid={error ? `${id}-error` : undefined}
      >
        {error ?? help}
      </span>
    </div>
  );
}

/** TTL: a number and a unit; 0 in any unit keeps events forever. */
export function TtlField({ form, errors, onChange, onBlur }: FieldProps) {
  return (
    <Field id="store-ttl" label="Time to live" help={FIELD_HELP.ttl} error={errors.ttl}>
      <span className="input-group">
        <input
          id="store-ttl"
          className="input input--number"
          inputMode="decimal"
          value={form.ttlValue}
          aria-invalid={errors.ttl !== undefined}
          aria-describedby="store-ttl-help"
          onChange={(e) => onChange({ ttlValue: e.target.value }, "ttl")}
          onBlur={() => onBlur("ttl")}
          data-testid="store-ttl"
        />
        <select
          className="input"
          aria-label="TTL unit"
          value={form.ttlUnit}
          onChange={(e) => onChange({ ttlUnit: e.target.value as TtlUnit }, "ttl")}
          data-testid="store-ttl-unit"
        >
          {TTL_UNITS.map((u) => (
            <option key={u.unit} value={u.unit}>
              {u.label}
            </option>
          ))}
        </select>
      </span>
    </Field>
  );
}

/** Capacity, and what happens when it is reached. */
export function CapacityFields({ form, errors, onChange, onBlur }: FieldProps) {
  return (
    <>
      <Field
        id="store-capacity"
        label="Capacity"
        help={FIELD_HELP.capacity}
        error={errors.capacity}
      >
        <input
          id="store-capacity"
          className="input input--number"
          inputMode="numeric"
          value={form.capacity}
          aria-invalid={errors.capacity !== undefined}
          aria-describedby="store-capacity-help"
          onChange={(e) => onChange({ capacity: e.target.value }, "capacity")}
          onBlur={() => onBlur("capacity")}
          data-testid="store-capacity"
        />
      </Field>
      <label className="checkbox-field">
        <input
          type="checkbox"
          checked={form.honourCapacity}
          onChange={(e) => onChange({ honourCapacity: e.target.checked }, "capacity")}
          data-testid="store-honour-capacity"
        />
        <span>
          <span className="choice__title">Honour capacity</span>
          <span className="choice__help">{FIELD_HELP.honourCapacity}</span>
        </span>
      </label>
    </>
  );
}
