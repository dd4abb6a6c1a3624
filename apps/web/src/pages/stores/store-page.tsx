import { roleAllows, type Me } from "@em/contracts";
import { useEffect, useState } from "react";
import { ErrorNotice } from "../../components/error-notice.js";
import { LoadErrorNotice } from "../../components/load-error-notice.js";
import { Link } from "../../components/link.js";
import { STORES_POLL_INTERVAL_MS, storeActionAccess, useGetStoreQuery } from "../../data/stores.js";
import { ApiRequestError } from "../../lib/api-client.js";
import type { StoreParent } from "../../lib/router.js";
import { PublishEventForm } from "./publish-event-form.js";
import { SnoopPanel } from "./snoop-panel.js";
import { ReplicaHealthBadge, kindWords, parentWords } from "./store-copy.js";
import { DeleteDialog, PurgeDialog, type DangerRequest } from "./store-danger-dialogs.js";
import { StoreBreadcrumb } from "./store-nav.js";
import { StoreConsumers, StoreReplicas } from "./store-replicas.js";
import { StoreSummary } from "./store-summary.js";

/** One channel or queue: what it holds, where its replicas are, its consumers, its events. */
export function StorePage({ me, parent, name }: { me: Me; parent: StoreParent; name: string }) {
  // While a delete runs, a poll would fetch a store that is about to answer 404.
  const [deleting, setDeleting] = useState(false);
  const query = useGetStoreQuery(parent, name, { enabled: !deleting });
  const [danger, setDanger] = useState<DangerRequest>(null);
  const canOperate = roleAllows(me.user.role, storeActionAccess(parent, "publish"));
  const words = kindWords(parent.kind);
  const store = query.data;

  useEffect(() => {
    document.title = `${name} · ${words.Plural} · ${parent.name} · Enterprise Manager`;
  }, [name, words.Plural, parent.name]);

  return (
    <section className="page" aria-labelledby="store-title">
      <div className="page__header">
        <div>
          <StoreBreadcrumb parent={parent} withList />
          <h1 id="store-title" className="page__title cluster-title">
            <span className="store-title__name" data-testid="store-title">
              {name}
            </span>
            <span className="badge badge--info">
              {store?.scope === "local" ? `local ${parent.kind}` : `cluster ${parent.kind}`}
            </span>
            {store && store.scope === "cluster" ? (
              <ReplicaHealthBadge health={store.replicaHealth} testId="store-health" />
            ) : null}
          </h1>
        </div>
        {store && canOperate ? (
          <div className="toolbar">
            <button
              type="button"
              className="button"
              onClick={() => setDanger("purge")}
              data-testid="store-purge"
            >
              Purge…
            </button>
            <button
              type="button"
              className="button button--danger-ghost"
              onClick={() => setDanger("delete")}
              data-testid="store-delete"
            >
              Delete {words.one}
            </button>
          </div>
        ) : null}
      </div>

      {query.isPending ? (
        <div className="loading" role="status">
          <span className="spinner" aria-hidden="true" /> Loading {name}…
        </div>
      ) : query.isError && !store ? (
        query.error instanceof ApiRequestError && query.error.code === "NOT_FOUND" ? (
          <div className="empty" data-testid="store-not-found">
            <h2>
              No {words.one} named {name} on {parentWords(parent)}
            </h2>
            <p>
              It may have been deleted.{" "}
              <Link to={{ page: "stores", ...parent }}>See every {words.one}</Link>
            </p>
          </div>
        ) : (
          <LoadErrorNotice query={query} title={`${words.One} ${name} could not be loaded`}>
            The console tries again every {STORES_POLL_INTERVAL_MS / 1000} s.{" "}
          </LoadErrorNotice>
        )
      ) : store ? (
        <>
          {query.isError ? (
            <ErrorNotice error={query.error} title={`Refreshing ${name} failed`} />
          ) : null}
          <StoreSummary parent={parent} store={store} canEdit={canOperate} />
          <div className="store-grid">
            {store.scope === "cluster" ? <StoreReplicas store={store} /> : null}
            <StoreConsumers store={store} />
          </div>
          <div className={canOperate ? "store-grid store-grid--snoop" : undefined}>
            <SnoopPanel parent={parent} store={name} />
            {canOperate ? <PublishEventForm parent={parent} store={name} /> : null}
          </div>
          <PurgeDialog
            parent={parent}
            store={store}
            open={danger === "purge"}
            onClose={() => setDanger(null)}
          />
          <DeleteDialog
            parent={parent}
            store={store}
            open={danger === "delete"}
            onClose={() => setDanger(null)}
            onDeleting={setDeleting}
          />
        </>
      ) : null}
    </section>
  );
}
