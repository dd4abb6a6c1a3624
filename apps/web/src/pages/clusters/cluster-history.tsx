import type { ClusterHistory } from "@em/contracts";
import type { ReactNode } from "react";
import { ErrorNotice } from "../../components/error-notice.js";
import { HISTORY_WINDOW_MINUTES, useGetClusterHistoryQuery } from "../../data/history.js";
import { formatCompact, formatCount } from "../../lib/format.js";
import "../../styles/history.css";
import { HistoryChart, seriesColor, type ChartLine } from "./history-chart.js";
import {
  chartRows,
  chartSlotMs,
  hasSamples,
  metricSummary,
  rateKey,
  rateRows,
} from "./history-series.js";

function Figure({ label, hint, children }: { label: string; hint: string; children: ReactNode }) {
  return (
    <div className="stat" title={hint}>
      <dt className="field__label">{label}</dt>
      <dd className="stat__value">{children}</dd>
    </div>
  );
}

/** The cluster's totals over the window, as figures above the charts. */
function HistorySummary({ summary }: { summary: ClusterHistory["summary"] }) {
  return (
    <dl className="stats history-summary" data-testid="history-summary">
      <Figure
        label="Published"
        hint="Events stored in the cluster's channels and queues over the window"
      >
        <span data-testid="history-published">{formatCount(summary.published)}</span>
      </Figure>
      <Figure label="Published rate" hint="Average events stored per second over the window">
        {formatCompact(summary.publishedPerSecond)} /s
      </Figure>
      <Figure
        label="Consumed"
        hint="Messages the members delivered over the window, as their message-out counters count them: on nats-server 2.10 this includes replication between members and API replies"
      >
        <span data-testid="history-consumed">{formatCount(summary.consumed)}</span>
      </Figure>
      <Figure label="Consumed rate" hint="Average messages delivered per second over the window">
        {formatCompact(summary.consumedPerSecond)} /s
      </Figure>
    </dl>
  );
}

function HistoryCharts({ history }: { history: ClusterHistory }) {
  const slotMs = chartSlotMs(history);
  const domain: [number, number] = [Date.parse(history.from), Date.parse(history.to)];
  const perRealm: ChartLine[] = history.realms.map(({ realm }, index) => ({
    key: realm,
    label: realm,
    color: seriesColor(index),
  }));
  const rateLines: ChartLine[] = history.realms.flatMap(({ realm }, index) => [
    { key: rateKey(realm, "in"), label: `${realm} in`, color: seriesColor(index) },
    { key: rateKey(realm, "out"), label: `${realm} out`, color: seriesColor(index), dashed: true },
  ]);
  const inSummary = metricSummary(history, "messagesInPerSecond", " in/s");
  const outSummary = metricSummary(history, "messagesOutPerSecond", " out/s");
  return (
    <div className="history-charts">
      <HistoryChart
        title="Message rates per realm (in solid, out dashed)"
        summary={`Messages in: ${inSummary} Messages out: ${outSummary}`}
        rows={rateRows(history, slotMs)}
        lines={rateLines}
        domain={domain}
        unit=" /s"
        testId="history-chart-rates"
      />
      <HistoryChart
        title="Connections per realm"
        summary={metricSummary(history, "connections", " connections")}
        rows={chartRows(history, "connections", slotMs)}
        lines={perRealm}
        domain={domain}
        unit=""
        testId="history-chart-connections"
      />
      <HistoryChart
        title="Replica lag per realm (events behind the leader)"
        summary={metricSummary(history, "replicaLag", " events behind")}
        rows={chartRows(history, "replicaLag", slotMs)}
        lines={perRealm}
        domain={domain}
        unit=" events"
        testId="history-chart-lag"
      />
    </div>
  );
}

/**
 * History of a cluster over the last hour: the cluster's published and consumed totals, then
 * message rates, connections and replica lag per member, from the samples the admin API stores
 * every poll. Refetches every few seconds while shown.
 */
export function ClusterHistoryCharts({ cluster }: { cluster: string }) {
  const query = useGetClusterHistoryQuery(cluster);
  const history = query.data;
  return (
    <section
      className="panel history"
      aria-labelledby="history-title"
      data-testid="cluster-history"
    >
      <div className="panel__header">
        <h2 id="history-title" className="section-title">
          History
        </h2>
        <span className="muted small">last {HISTORY_WINDOW_MINUTES} minutes</span>
      </div>
      {query.isPending ? (
        <p className="loading" role="status">
          Loading history…
        </p>
      ) : query.isError && !history ? (
        <ErrorNotice error={query.error} title="The history could not be loaded" />
      ) : history ? (
        <>
          {query.isError ? (
            <ErrorNotice error={query.error} title="Showing the last history loaded" />
          ) : null}
          <HistorySummary summary={history.summary} />
          {hasSamples(history) ? (
            <HistoryCharts history={history} />
          ) : (
            <div className="empty history__empty" data-testid="history-empty">
              <p>No samples yet: samples appear within a few seconds.</p>
            </div>
          )}
        </>
      ) : null}
    </section>
  );
}
