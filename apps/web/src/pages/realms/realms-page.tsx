import {
  API_ROUTES,
  roleAllows,
  type Me,
  type RealmAction,
  type RealmSummary,
} from "@em/contracts";
import { useEffect, useState } from "react";
import { ErrorNotice } from "../../components/error-notice.js";
import { LoadErrorNotice } from "../../components/load-error-notice.js";
import { useListHostsQuery } from "../../data/hosts.js";
import { REALMS_POLL_INTERVAL_MS, useListRealmsQuery } from "../../data/realms.js";
import { formatAgo } from "../../lib/format.js";
import { useNow } from "../../lib/use-now.js";
import { useSearchParam } from "../../lib/use-search-param.js";
import { useLiveStatus } from "../../live/live-status.js";
import { HostProblems } from "./host-problems.js";
import { RealmActionDialog, type RealmActionRequest } from "./realm-action-dialog.js";
import { RealmTable } from "./realm-table.js";
import { RealmsEmpty } from "./realms-empty.js";
import { RealmsOverview } from "./realms-overview.js";

/** How often "last seen 4s ago" labels move on. @default 1_000 */
export const CLOCK_TICK_MS = 1_000;

/** The tab title counts realms that are not online, so a background tab still warns. */
function useRealmsTitle(realms: readonly RealmSummary[]): void {
  const down = realms.filter((realm) => realm.status !== "online").length;
  useEffect(() => {
    document.title =
      down > 0 ? `(${down} down) Realms · Enterprise Manager` : "Realms · Enterprise Manager";
  }, [down]);
}

export function RealmsPage({ me }: { me: Me }) {
  const live = useLiveStatus() === "live";
  const realmsQuery = useListRealmsQuery({ live });
  const hostsQuery = useListHostsQuery();
  const nowMs = useNow(CLOCK_TICK_MS);
  const [filter, setFilter] = useSearchParam("q");
  const [request, setRequest] = useState<RealmActionRequest | null>(null);
  const canAct = roleAllows(me.user.role, API_ROUTES.realmAction.access);

  const all = realmsQuery.data?.realms ?? [];
  const needle = filter.trim().toLowerCase();
  const realms = needle
    ? all.filter(
        (r) => r.name.toLowerCase().includes(needle) || r.hostName.toLowerCase().includes(needle),
      )
    : all;
  const onAction = (name: string, action: RealmAction) => setRequest({ name, action });
  useRealmsTitle(all);

  return (
    <section className="page" aria-labelledby="realms-title">
      <div className="page__header">
        <div>
          <h1 id="realms-title" className="page__title">
            Realms
          </h1>
          <p className="page__subtitle">
            Every realm on every registered host, with its live state and metrics.
          </p>
        </div>
        {realmsQuery.data ? <RealmsOverview realms={all} /> : null}
      </div>

      {hostsQuery.data ? <HostProblems hosts={hostsQuery.data.hosts} /> : null}

      {realmsQuery.isPending ? (
        <>
          <div className="loading" role="status" data-testid="realms-loading">
            <span className="spinner" aria-hidden="true" /> Loading realms…
          </div>
          {realmsQuery.failureReason ? (
            <ErrorNotice
              error={realmsQuery.failureReason}
              title={`Attempt ${realmsQuery.failureCount} failed; trying again`}
            />
          ) : null}
        </>
      ) : realmsQuery.isError && !realmsQuery.data ? (
        <LoadErrorNotice query={realmsQuery} title="The realm list could not be loaded">
          {live ? "" : `The console tries again every ${REALMS_POLL_INTERVAL_MS / 1000} s. `}
        </LoadErrorNotice>
      ) : all.length === 0 ? (
        <RealmsEmpty hosts={hostsQuery.data?.hosts} />
      ) : (
        <>
          <div className="toolbar">
            <input
              className="input input--search"
              type="search"
              placeholder="Filter by realm or host"
              aria-label="Filter realms by name or host"
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
            />
            <span className="muted small" data-testid="realms-updated">
              updated {formatAgo(nowMs - realmsQuery.dataUpdatedAt)}
            </span>
          </div>
          {realmsQuery.isError ? (
            <ErrorNotice
              error={realmsQuery.error}
              title={`Showing the realm list from ${formatAgo(nowMs - realmsQuery.dataUpdatedAt)}; refreshing failed`}
            />
          ) : null}
          {realms.length === 0 ? (
            <div className="empty">
              <p>
                No realm or host matches “{filter}”.{" "}
                <button type="button" className="link-button" onClick={() => setFilter("")}>
                  Clear the filter
                </button>
              </p>
            </div>
          ) : (
            <RealmTable realms={realms} nowMs={nowMs} canAct={canAct} onAction={onAction} />
          )}
        </>
      )}

      <RealmActionDialog request={request} onClose={() => setRequest(null)} />
    </section>
  );
}
