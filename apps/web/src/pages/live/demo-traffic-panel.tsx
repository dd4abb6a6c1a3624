import type { DemoTraffic } from "@em/contracts";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorNotice } from "../../components/error-notice.js";
import { Link } from "../../components/link.js";
import {
  DEMO_TRAFFIC_POLL_INTERVAL_MS,
  useGetDemoTrafficQuery,
  useStartDemoTrafficMutation,
  useStopDemoTrafficMutation,
} from "../../data/demo-traffic.js";
import { storeListQueryOptions } from "../../data/stores.js";
import { formatCount } from "../../lib/format.js";

const FIRST_PAGE = { prefix: "", offset: 0 };

function DemoSessionsTable({ traffic }: { traffic: DemoTraffic }) {
  return (
    <div className="table-wrap">
      <table className="table table--compact" data-testid="demo-sessions">
        <caption className="visually-hidden">Demo sessions and their counts</caption>
        <thead>
          <tr>
            <th scope="col">Session</th>
            <th scope="col">Role</th>
            <th scope="col">Realm</th>
            <th scope="col" className="num" title="Publisher: acknowledged; subscriber: received">
              Events
            </th>
            <th scope="col" className="num" title="EIDs the subscriber never got">
              Lost
            </th>
            <th scope="col" className="num" title="Events delivered twice">
              Duplicated
            </th>
            <th scope="col" className="num">
              Failovers
            </th>
          </tr>
        </thead>
        <tbody>
          {traffic.sessions.map((s) => (
            <tr
              key={s.name}
              data-testid={`demo-session-${s.name}`}
              data-realm={s.realm ?? ""}
              data-role={s.role}
              data-lost={s.lost}
              data-duplicated={s.duplicated}
              data-failovers={s.failovers}
            >
              <th scope="row">
                <Link to={{ page: "session", session: s.name }}>{s.name}</Link>
              </th>
              <td>{s.role}</td>
              <td>{s.realm ?? <span className="text-warn">failing over…</span>}</td>
              <td className="num">{formatCount(s.events)}</td>
              <td className={`num${s.lost > 0 ? " text-danger" : ""}`}>{formatCount(s.lost)}</td>
              <td className={`num${s.duplicated > 0 ? " text-danger" : ""}`}>
                {formatCount(s.duplicated)}
              </td>
              <td className="num">{formatCount(s.failovers)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * One click starts built-in publisher and subscriber sessions on a channel of this cluster,
 * spread across its realms, so a failover can be watched at once; one click stops them.
 */
export function DemoTrafficPanel({ cluster, canAct }: { cluster: string; canAct: boolean }) {
  const trafficQuery = useGetDemoTrafficQuery();
  // Read once per visit, not polled: the picker needs names, and a failover is no time to
  // keep asking for them.
  const channelsQuery = useQuery(
    storeListQueryOptions({ owner: "cluster", name: cluster, kind: "channel" }, FIRST_PAGE),
  );
  const start = useStartDemoTrafficMutation();
  const stop = useStopDemoTrafficMutation();
  const [picked, setPicked] = useState("");
  const traffic = trafficQuery.data;
  const runningHere = traffic?.running === true && traffic.cluster === cluster;
  const listed = channelsQuery.data?.stores.map((s) => s.name) ?? [];
  // The running channel stays selectable even if the first page of the list does not hold it.
  const channels =
    runningHere && traffic.channel && !listed.includes(traffic.channel)
      ? [traffic.channel, ...listed]
      : listed;
  const channel = picked || channels[0] || "";
  const runningElsewhere = traffic?.running === true && traffic.cluster !== cluster;

  return (
    <section
      className="panel demo-traffic"
      aria-labelledby="demo-title"
      data-testid="demo-traffic"
      data-running={traffic?.running ? "true" : "false"}
    >
      <h2 id="demo-title" className="section-title">
        Demo traffic{" "}
        <span className="muted small">
          built-in SDK publishers and subscribers, spread across the members
        </span>
      </h2>
      <div className="toolbar">
        <label className="field field--inline">
          <span className="field__label">Channel</span>
          <select
            className="input"
            value={runningHere ? (traffic.channel ?? channel) : channel}
            onChange={(e) => setPicked(e.target.value)}
            disabled={traffic?.running === true || channels.length === 0}
            data-testid="demo-channel"
          >
            {channels.length === 0 ? <option value="">no channels yet</option> : null}
            {channels.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        {canAct ? (
          traffic?.running ? (
            <button
              type="button"
              className="button"
              onClick={() => stop.mutate()}
              disabled={stop.isPending}
              aria-busy={stop.isPending}
              data-testid="demo-stop"
            >
              {stop.isPending ? "Stopping…" : "Stop"}
            </button>
          ) : (
            <button
              type="button"
              className="button button--primary"
              onClick={() =>
                start.mutate({ cluster, channel, publishers: 1, subscribers: 2, ratePerSecond: 20 })
              }
              disabled={!channel || start.isPending}
              aria-busy={start.isPending}
              data-testid="demo-start"
            >
              {start.isPending ? "Starting…" : "Start"}
            </button>
          )
        ) : (
          <span className="muted small">Operators can start and stop demo traffic.</span>
        )}
        {runningHere ? (
          <span className="muted small">
            running on <code>{traffic.channel}</code>, counts every{" "}
            {DEMO_TRAFFIC_POLL_INTERVAL_MS / 1000} s
          </span>
        ) : null}
      </div>
      {channelsQuery.data && channels.length === 0 ? (
        <p className="muted small">
          Demo traffic needs a cluster channel.{" "}
          <Link to={{ page: "create-store", owner: "cluster", name: cluster, kind: "channel" }}>
            Create one
          </Link>
          , e.g. <code>/sales</code>.
        </p>
      ) : null}
      {runningElsewhere ? (
        <p className="muted small" data-testid="demo-elsewhere">
          Demo traffic runs on cluster{" "}
          <Link to={{ page: "cluster-live", name: traffic.cluster ?? "" }}>{traffic.cluster}</Link>;
          stop it there (or here) before starting it on {cluster}.
        </p>
      ) : null}
      {start.isError ? (
        <ErrorNotice error={start.error} title="Demo traffic did not start" />
      ) : null}
      {stop.isError ? <ErrorNotice error={stop.error} title="Demo traffic did not stop" /> : null}
      {trafficQuery.isError ? (
        <ErrorNotice error={trafficQuery.error} title="The demo traffic state could not be read" />
      ) : null}
      {traffic && traffic.sessions.length > 0 ? <DemoSessionsTable traffic={traffic} /> : null}
    </section>
  );
}
