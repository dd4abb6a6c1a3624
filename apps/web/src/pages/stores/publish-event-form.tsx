import { PublishEventSchema, type PublishEvent } from "@em/contracts";
import { useState } from "react";
import { ErrorNotice } from "../../components/error-notice.js";
import { CloseIcon } from "../../components/icons.js";
import { usePublishEventMutation } from "../../data/stores.js";
import { ApiRequestError } from "../../lib/api-client.js";
import type { StoreParent } from "../../lib/router.js";
import { dataByteLength, hexProblem, normalizeHex } from "./event-data.js";

interface PropertyRow {
  id: number;
  key: string;
  value: string;
}

let nextRowId = 1;
const newRow = (): PropertyRow => ({ id: nextRowId++, key: "", value: "" });

/** Builds the request and checks it with the API's own schema; blank property rows are skipped. */
function checkPublish(
  data: string,
  encoding: "text" | "hex",
  rows: readonly PropertyRow[],
  tag: string,
): { request: PublishEvent | null; problem: string | null } {
  const hex = encoding === "hex" ? hexProblem(data) : null;
  if (hex) return { request: null, problem: hex };
  const filled = rows.filter((row) => row.key !== "" || row.value !== "");
  const keys = filled.map((row) => row.key);
  const duplicate = keys.find((key, i) => keys.indexOf(key) !== i);
  if (duplicate !== undefined) return { request: null, problem: `property ${duplicate} is twice` };
  const parsed = PublishEventSchema.safeParse({
    data: encoding === "hex" ? normalizeHex(data) : data,
    encoding,
    properties: Object.fromEntries(filled.map((row) => [row.key, row.value])),
    ...(tag === "" ? {} : { tag }),
  });
  return parsed.success
    ? { request: parsed.data, problem: null }
    : { request: null, problem: parsed.error.issues[0]?.message ?? "invalid event" };
}

/**
 * The eventId to retry with when the API could not say whether the event was stored (a
 * cluster without a master may still commit it): the retry is then stored at most once.
 */
function unknownOutcomeId(error: unknown): string | undefined {
  if (!(error instanceof ApiRequestError) || error.details?.["outcome"] !== "unknown")
    return undefined;
  const id = error.details["eventId"];
  return typeof id === "string" ? id : undefined;
}

/** Publishes one test event (operators only) and says the EID it was stored at. */
export function PublishEventForm({ parent, store }: { parent: StoreParent; store: string }) {
  const publish = usePublishEventMutation(parent, store);
  const [data, setData] = useState("");
  const [encoding, setEncoding] = useState<"text" | "hex">("text");
  const [rows, setRows] = useState<PropertyRow[]>([]);
  const [tag, setTag] = useState("");
  const { request, problem } = checkPublish(data, encoding, rows, tag);
  // Kept only while the same event is retried: any edit makes it a new event.
  const retryId = publish.isError ? unknownOutcomeId(publish.error) : undefined;
  const edited = () => {
    if (retryId) publish.reset();
  };
  const setRow = (id: number, patch: Partial<PropertyRow>) => {
    edited();
    setRows((list) => list.map((row) => (row.id === id ? { ...row, ...patch } : row)));
  };

  return (
    <section className="panel" aria-labelledby="publish-title">
      <h2 id="publish-title" className="section-title">
        Publish a test event
      </h2>
      <form
        className="publish"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (request) publish.mutate(retryId ? { ...request, eventId: retryId } : request);
        }}
      >
        <div className="field">
          <span className="publish__data-label">
            <label className="field__label" htmlFor="publish-data">
              Data
            </label>
            <span className="segmented" role="radiogroup" aria-label="Data encoding">
              {(["text", "hex"] as const).map((value) => (
                <label key={value} className={encoding === value ? "segmented--on" : undefined}>
                  <input
                    type="radio"
                    name="publish-encoding"
                    checked={encoding === value}
                    onChange={() => {
                      edited();
                      setEncoding(value);
                    }}
                    data-testid={`publish-encoding-${value}`}
                  />
                  {value}
                </label>
              ))}
            </span>
          </span>
          <textarea
            id="publish-data"
            className="input textarea"
            rows={4}
            value={data}
            spellCheck={false}
            placeholder={encoding === "hex" ? "de ad be ef" : "hello from the console"}
            onChange={(e) => {
              edited();
              setData(e.target.value);
            }}
            aria-invalid={problem !== null}
            data-testid="publish-data"
          />
          <span className={problem ? "field__error" : "field__help"}>
            {problem ?? `${dataByteLength(data, encoding)} bytes`}
          </span>
        </div>
        <fieldset className="field">
          <legend className="field__label">Properties</legend>
          {rows.map((row) => (
            <div key={row.id} className="property-row">
              <input
                className="input"
                aria-label="Property name"
                placeholder="name"
                value={row.key}
                onChange={(e) => setRow(row.id, { key: e.target.value })}
              />
              <input
                className="input"
                aria-label="Property value"
                placeholder="value"
                value={row.value}
                onChange={(e) => setRow(row.id, { value: e.target.value })}
              />
              <button
                type="button"
                className="icon-button icon-button--small"
                aria-label={`Remove property ${row.key}`}
                onClick={() => setRows((list) => list.filter((r) => r.id !== row.id))}
              >
                <CloseIcon width={14} height={14} />
              </button>
            </div>
          ))}
          <button
            type="button"
            className="link-button publish__add"
            onClick={() => setRows((list) => [...list, newRow()])}
            data-testid="publish-add-property"
          >
            + Add property
          </button>
        </fieldset>
        <label className="field">
          <span className="field__label">Tag (optional)</span>
          <input
            className="input"
            value={tag}
            onChange={(e) => {
              edited();
              setTag(e.target.value);
            }}
            data-testid="publish-tag"
          />
        </label>
        {publish.isError ? (
          <ErrorNotice
            error={publish.error}
            title={
              retryId
                ? "No answer: the event may still be stored. Publish again to retry it at most once"
                : "The event was not stored"
            }
          />
        ) : null}
        {publish.isSuccess ? (
          <p className="publish__result" role="status" data-testid="publish-result">
            {publish.data.duplicate ? "Already stored at EID " : "Stored at EID "}
            <strong>{publish.data.eid}</strong>
          </p>
        ) : null}
        <div className="wizard__actions">
          <button
            type="submit"
            className="button button--primary"
            disabled={request === null || publish.isPending}
            aria-busy={publish.isPending}
            data-testid="publish-submit"
          >
            {publish.isPending ? "Publishing…" : "Publish"}
          </button>
        </div>
      </form>
    </section>
  );
}
