import { roleAllows, storeTypeRefusal, type Me } from "@em/contracts";
import { useEffect, useState } from "react";
import { ErrorNotice } from "../../components/error-notice.js";
import { Link } from "../../components/link.js";
import { useGetClusterQuery } from "../../data/clusters.js";
import { storeActionAccess, useCreateStoreMutation } from "../../data/stores.js";
import { navigate, type StoreParent } from "../../lib/router.js";
import { useLiveStatus } from "../../live/live-status.js";
import { CapacityFields, Field, TtlField } from "./create-store-fields.js";
import {
  checkCreateStoreForm,
  defaultReplicas,
  initialCreateStoreForm,
  offeredTypes,
  serverFieldErrors,
  type CreateStoreField,
  type CreateStoreForm,
  type FieldErrors,
} from "./create-store-form.js";
import { FIELD_HELP, TYPE_HELP, kindWords, parentWords, scopeOf } from "./store-copy.js";
import { StoreBreadcrumb } from "./store-nav.js";

const ALL_FIELDS: readonly CreateStoreField[] = [
  "name",
  "type",
  "ttl",
  "capacity",
  "replicas",
  "startEid",
];

/** The create form, checked as it is typed with the schema the API parses with. */
export function CreateStorePage({ me, parent }: { me: Me; parent: StoreParent }) {
  const live = useLiveStatus() === "live";
  const scope = scopeOf(parent);
  const words = kindWords(parent.kind);
  const cluster = useGetClusterQuery(parent.name, { live, enabled: parent.owner === "cluster" });
  const create = useCreateStoreMutation(parent);
  const [form, setForm] = useState<CreateStoreForm>(initialCreateStoreForm);
  const [touched, setTouched] = useState<ReadonlySet<CreateStoreField>>(new Set());
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});

  useEffect(() => {
    document.title = `Create ${words.one} · ${parent.name} · Enterprise Manager`;
  }, [words.one, parent.name]);

  if (!roleAllows(me.user.role, storeActionAccess(parent, "create"))) {
    return (
      <section className="page">
        <div className="empty">
          <h2>Creating a {words.one} needs the operator role</h2>
          <p>
            You are signed in as {me.user.role}.{" "}
            <Link to={{ page: "stores", ...parent }}>Back to {words.plural}</Link>
          </p>
        </div>
      </section>
    );
  }

  const { request, errors } = checkCreateStoreForm(form, scope);
  const shown = (field: CreateStoreField) =>
    serverErrors[field] ?? (touched.has(field) ? errors[field] : undefined);
  const shownErrors: FieldErrors = Object.fromEntries(ALL_FIELDS.map((f) => [f, shown(f)]));
  const touch = (field: CreateStoreField) => setTouched((set) => new Set(set).add(field));
  const change = (patch: Partial<CreateStoreForm>, field: CreateStoreField) => {
    setForm((current) => ({ ...current, ...patch }));
    touch(field);
    setServerErrors(({ [field]: _, ...rest }) => rest);
  };
  const members = cluster.data?.members.length;
  const refused = (["simple", "transient"] as const).filter((t) => storeTypeRefusal(scope, t));

  const submit = () => {
    setTouched(new Set(ALL_FIELDS));
    if (!request) return;
    create.mutate(request, {
      onSuccess: (store) => navigate({ page: "store", ...parent, store: store.name }),
      onError: (error) => setServerErrors(serverFieldErrors(error)),
    });
  };
  const fieldProps = { form, errors: shownErrors, onChange: change, onBlur: touch };

  return (
    <section className="page" aria-labelledby="create-store-title">
      <div className="page__header">
        <div>
          <StoreBreadcrumb parent={parent} withList />
          <h1 id="create-store-title" className="page__title">
            Create a {words.one} on {parentWords(parent)}
          </h1>
        </div>
      </div>
      <form
        className="panel store-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <Field
          id="store-name"
          label="Name"
          help="Letters, digits, / - _ #; / separates folders (/eu/sales); at most 235."
          error={shown("name")}
        >
          <input
            id="store-name"
            className="input input--name"
            value={form.name}
            autoFocus
            autoComplete="off"
            spellCheck={false}
            placeholder="/eu/sales"
            aria-invalid={shown("name") !== undefined}
            aria-describedby="store-name-help"
            onChange={(e) => change({ name: e.target.value }, "name")}
            onBlur={() => touch("name")}
            data-testid="store-name"
          />
        </Field>

        <fieldset className="field">
          <legend className="field__label">Type</legend>
          <div className="choice store-types">
            {offeredTypes(scope).map((type) => (
              <label
                key={type}
                className={`choice__item${form.type === type ? " choice__item--checked" : ""}`}
              >
                <input
                  type="radio"
                  name="store-type"
                  checked={form.type === type}
                  onChange={() => change({ type }, "type")}
                  data-testid={`store-type-${type}`}
                />
                <span>
                  <span className="choice__title">{type}</span>
                  <span className="choice__help">{TYPE_HELP[type]}</span>
                </span>
              </label>
            ))}
          </div>
          {refused.map((type) => (
            <span key={type} className="field__help">
              Not offered: {storeTypeRefusal(scope, type)}.
            </span>
          ))}
          {shown("type") ? <span className="field__error">{shown("type")}</span> : null}
        </fieldset>

        <div className="form-row">
          <TtlField {...fieldProps} />
          <CapacityFields {...fieldProps} />
        </div>

        <div className="form-row">
          {parent.owner === "cluster" ? (
            <Field
              id="store-replicas"
              label="Replicas"
              help={`${FIELD_HELP.replicas} Empty: ${members === undefined ? "every member" : `${defaultReplicas(members)} (every member, up to 5)`}.`}
              error={shown("replicas")}
            >
              <input
                id="store-replicas"
                className="input input--number"
                inputMode="numeric"
                value={form.replicas}
                placeholder={members === undefined ? "" : String(defaultReplicas(members))}
                aria-invalid={shown("replicas") !== undefined}
                aria-describedby="store-replicas-help"
                onChange={(e) => change({ replicas: e.target.value }, "replicas")}
                onBlur={() => touch("replicas")}
                data-testid="store-replicas"
              />
            </Field>
          ) : null}
          <Field
            id="store-start-eid"
            label="Start EID (optional)"
            help={FIELD_HELP.startEid}
            error={shown("startEid")}
          >
            <input
              id="store-start-eid"
              className="input input--number"
              inputMode="numeric"
              value={form.startEid}
              placeholder="1"
              aria-invalid={shown("startEid") !== undefined}
              aria-describedby="store-start-eid-help"
              onChange={(e) => change({ startEid: e.target.value }, "startEid")}
              onBlur={() => touch("startEid")}
              data-testid="store-start-eid"
            />
          </Field>
        </div>

        {create.isError && Object.keys(serverFieldErrors(create.error)).length === 0 ? (
          <ErrorNotice error={create.error} title={`The ${words.one} could not be created`} />
        ) : null}
        <div className="wizard__actions">
          <Link to={{ page: "stores", ...parent }} className="button">
            Cancel
          </Link>
          <button
            type="submit"
            className="button button--primary"
            disabled={create.isPending}
            aria-busy={create.isPending}
            data-testid="create-store-submit"
          >
            {create.isPending ? "Creating…" : `Create ${words.one}`}
          </button>
        </div>
      </form>
    </section>
  );
}
