import type { StoreDetail } from "@em/contracts";
import { CrownIcon } from "../clusters/cluster-badges.js";

/** `0.07 s ago`: replica contact is sub-second news, so seconds with two decimals. */
function seenAgo(ms: number | null): string {
  if (ms === null) return "—";
  return ms < 60_000 ? `${(ms / 1000).toFixed(2)} s ago` : `${Math.round(ms / 60_000)} min ago`;
}

/** One row per replica, shaped like `nats stream report`: leader marked, current or lagging. */
export function StoreReplicas({ store }: { store: StoreDetail }) {
  return (
    <section className="panel" aria-labelledby="replicas-title">
      <h2 id="replicas-title" className="section-title">
        Replicas{" "}
        <span className="muted small">
          {store.replicaStates.filter((r) => r.current && !r.offline).length}/{store.replicas}{" "}
          current
        </span>
      </h2>
      {store.replicaStates.length === 0 ? (
        <p className="muted">No replica reported; the realms may not be reachable.</p>
      ) : (
        <div className="table-wrap table-wrap--flat">
          <table className="table" data-testid="replica-table">
            <caption className="visually-hidden">Replicas of {store.name}</caption>
            <thead>
              <tr>
                <th scope="col">Realm</th>
                <th scope="col">State</th>
                <th scope="col" className="num" title="Events behind the leader">
                  Lag
                </th>
                <th scope="col" title="When the leader last heard from it">
                  Last seen
                </th>
              </tr>
            </thead>
            <tbody>
              {store.replicaStates.map((replica) => (
                <tr
                  key={replica.realm}
                  data-testid={`replica-row-${replica.realm}`}
                  data-current={replica.current && !replica.offline}
                  data-leader={replica.leader}
                >
                  <th scope="row" className="nowrap">
                    {replica.realm}
                    {replica.leader ? (
                      <span className="master-tag" data-testid="leader-tag">
                        <CrownIcon />
                        leader
                      </span>
                    ) : null}
                  </th>
                  <td>
                    {replica.offline ? (
                      <span className="badge badge--danger">
                        <span className="badge__dot" aria-hidden="true" />
                        offline
                      </span>
                    ) : replica.current ? (
                      <span className="badge badge--ok">
                        <span className="badge__dot" aria-hidden="true" />
                        current
                      </span>
                    ) : (
                      <span className="badge badge--warn">
                        <span className="badge__dot" aria-hidden="true" />
                        lagging by {replica.lag}
                      </span>
                    )}
                  </td>
                  <td className="num">{replica.lag}</td>
                  <td className="nowrap">{replica.leader ? "—" : seenAgo(replica.lastSeenMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Durable subscribers of a channel, or the shared consumer of a queue, with what they owe. */
export function StoreConsumers({ store }: { store: StoreDetail }) {
  const title = store.kind === "channel" ? "Durable subscribers" : "Consumers";
  return (
    <section className="panel" aria-labelledby="consumers-title">
      <h2 id="consumers-title" className="section-title">
        {title} <span className="muted small">{store.consumerStates.length}</span>
      </h2>
      {store.consumerStates.length === 0 ? (
        <p className="muted" data-testid="consumers-empty">
          {store.kind === "channel"
            ? "No durable subscriber yet; one appears when a client subscribes with a durable name."
            : "No consumer has read from this queue yet."}
        </p>
      ) : (
        <div className="table-wrap table-wrap--flat">
          <table className="table" data-testid="consumer-table">
            <caption className="visually-hidden">
              {title} of {store.name}
            </caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col" className="num" title="Events not yet delivered">
                  Pending
                </th>
                <th scope="col" className="num" title="Delivered, not yet acknowledged">
                  Ack pending
                </th>
                <th scope="col" className="num">
                  Redelivered
                </th>
                <th scope="col" className="num" title="Every event up to here is acknowledged">
                  Ack floor
                </th>
                <th scope="col" className="num">
                  Last delivered
                </th>
              </tr>
            </thead>
            <tbody>
              {store.consumerStates.map((c) => (
                <tr key={c.name} data-testid={`consumer-row-${c.name}`}>
                  <th scope="row">{c.name}</th>
                  <td className="num">{c.pending}</td>
                  <td className="num">{c.ackPending}</td>
                  <td className="num">{c.redelivered}</td>
                  <td className="num">{c.ackFloorEid || "—"}</td>
                  <td className="num">{c.lastDeliveredEid || "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
