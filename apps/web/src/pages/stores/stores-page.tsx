import { roleAllows, type Me } from "@em/contracts";
import { useEffect } from "react";
import { ErrorNotice } from "../../components/error-notice.js";
import { LoadErrorNotice } from "../../components/load-error-notice.js";
import { Link } from "../../components/link.js";
import {
  STORES_POLL_INTERVAL_MS,
  STORE_PAGE_SIZE,
  storeActionAccess,
  useListStoresQuery,
} from "../../data/stores.js";
import type { StoreParent } from "../../lib/router.js";
import { useSearchParam } from "../../lib/use-search-param.js";
import { KIND_HELP, kindWords, parentWords, scopeOf } from "./store-copy.js";
import { StoreBreadcrumb, StoreKindTabs } from "./store-nav.js";
import { StoreTable } from "./store-table.js";

function CreateLink({ parent, testId }: { parent: StoreParent; testId: string }) {
  return (
    <Link
      to={{ page: "create-store", ...parent }}
      className="button button--primary"
      data-testid={testId}
    >
      Create {parent.kind}
    </Link>
  );
}

/** No stores at all: what they are, and how to make one (or who can). */
function StoresEmpty({ parent, canCreate }: { parent: StoreParent; canCreate: boolean }) {
  const words = kindWords(parent.kind);
  return (
    <div className="empty" data-testid="stores-empty">
      <h2>
        No {words.plural} on {parentWords(parent)} yet
      </h2>
      <p>
        Create one to start: a name such as <code>/eu/sales</code> (<code>/</code> makes folders), a
        type, and how long its events are kept.{" "}
        {parent.owner === "cluster"
          ? "It is created on every member of the cluster at once."
          : `It lives on ${parent.name} only.`}
      </p>
      <p className="empty__action">
        {canCreate ? (
          <CreateLink parent={parent} testId="create-store-empty" />
        ) : (
          <span className="muted small">Creating a {words.one} needs the operator role.</span>
        )}
      </p>
    </div>
  );
}

function Pager({
  offset,
  total,
  shown,
  onOffset,
}: {
  offset: number;
  total: number;
  shown: number;
  onOffset: (offset: number) => void;
}) {
  if (total <= STORE_PAGE_SIZE && offset === 0) return null;
  return (
    <div className="pager" data-testid="store-pager">
      <span className="muted small">
        {shown === 0 ? 0 : offset + 1}–{offset + shown} of {total}
      </span>
      <button
        type="button"
        className="button button--small"
        disabled={offset === 0}
        onClick={() => onOffset(Math.max(0, offset - STORE_PAGE_SIZE))}
      >
        Previous
      </button>
      <button
        type="button"
        className="button button--small"
        disabled={offset + STORE_PAGE_SIZE >= total}
        onClick={() => onOffset(offset + STORE_PAGE_SIZE)}
      >
        Next
      </button>
    </div>
  );
}

/** A cluster's (or a realm's local) channels or queues: filtered and paged on the server. */
export function StoresPage({ me, parent }: { me: Me; parent: StoreParent }) {
  const [prefix, setPrefix] = useSearchParam("prefix");
  const [offsetParam, setOffsetParam] = useSearchParam("offset");
  const offset = Math.max(0, Number.parseInt(offsetParam, 10) || 0);
  const query = useListStoresQuery(parent, { prefix, offset });
  const canCreate = roleAllows(me.user.role, storeActionAccess(parent, "create"));
  const words = kindWords(parent.kind);
  const list = query.data;

  useEffect(() => {
    document.title = `${words.Plural} · ${parent.name} · Enterprise Manager`;
  }, [words.Plural, parent.name]);

  return (
    <section className="page" aria-labelledby="stores-title">
      <div className="page__header">
        <div>
          <StoreBreadcrumb parent={parent} />
          <h1 id="stores-title" className="page__title">
            {parent.owner === "cluster" ? `Cluster ${words.plural}` : `Realm-local ${words.plural}`}
          </h1>
          <p className="page__subtitle">{KIND_HELP[parent.kind][scopeOf(parent)]}</p>
        </div>
        {canCreate && list && list.total > 0 ? (
          <CreateLink parent={parent} testId="create-store" />
        ) : null}
      </div>
      <StoreKindTabs parent={parent} />

      {query.isPending ? (
        <div className="loading" role="status">
          <span className="spinner" aria-hidden="true" /> Loading {words.plural}…
        </div>
      ) : query.isError && !list ? (
        <LoadErrorNotice query={query} title={`The ${words.plural} could not be loaded`}>
          The console tries again every {STORES_POLL_INTERVAL_MS / 1000} s.{" "}
        </LoadErrorNotice>
      ) : list && list.total === 0 && prefix === "" ? (
        <StoresEmpty parent={parent} canCreate={canCreate} />
      ) : list ? (
        <>
          <div className="toolbar">
            <input
              className="input input--search"
              type="search"
              placeholder="Name starts with, e.g. /eu/"
              aria-label={`Show ${words.plural} whose name starts with`}
              value={prefix}
              onChange={(e) => {
                setPrefix(e.target.value);
                setOffsetParam("");
              }}
              data-testid="store-prefix"
            />
            <span className="muted small" data-testid="store-total">
              {list.total} {list.total === 1 ? words.one : words.plural}
              {prefix ? ` starting with “${prefix}”` : ""}
            </span>
            {list.stale ? (
              <span className="stale" title="The last refresh from the realms failed">
                stale since {new Date(list.updatedAt).toLocaleTimeString()}
              </span>
            ) : null}
            <Pager
              offset={offset}
              total={list.total}
              shown={list.stores.length}
              onOffset={(next) => setOffsetParam(next === 0 ? "" : String(next))}
            />
          </div>
          {query.isError ? (
            <ErrorNotice error={query.error} title={`Refreshing the ${words.plural} failed`} />
          ) : null}
          {list.stores.length === 0 ? (
            <div className="empty">
              {list.total > 0 ? (
                // Stores were deleted while this page was open: the offset is past the end.
                <p>
                  Nothing on this page.{" "}
                  <button type="button" className="link-button" onClick={() => setOffsetParam("")}>
                    Back to the first page
                  </button>
                </p>
              ) : (
                <p>
                  No {words.one} name starts with “{prefix}”.{" "}
                  <button type="button" className="link-button" onClick={() => setPrefix("")}>
                    Clear the filter
                  </button>
                </p>
              )}
            </div>
          ) : (
            <StoreTable parent={parent} stores={list.stores} />
          )}
        </>
      ) : null}
    </section>
  );
}
