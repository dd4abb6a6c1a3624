import type { ClusterDetail, ClusterMember, WhatIf } from "@em/contracts";
import { CrownIcon, MemberStateBadge } from "./cluster-badges.js";
import { whatIfText } from "./cluster-format.js";

interface MembersTableProps {
  cluster: ClusterDetail;
  canAct: boolean;
  onRemove: (realm: string) => void;
  onEvict: (realm: string) => void;
}

function MemberView({ member }: { member: ClusterMember }) {
  if (member.view === null) return <span className="muted small">cannot be asked</span>;
  return (
    <span className="small">
      master <strong>{member.view.master ?? "none"}</strong>, sees{" "}
      {member.view.sees.length > 0 ? member.view.sees.join(", ") : "no one"}
    </span>
  );
}

function WhatIfCell({ whatIf }: { whatIf: WhatIf | undefined }) {
  if (!whatIf) return <span className="muted">—</span>;
  return (
    <span
      className={whatIf.keepsQuorum ? "what-if what-if--keeps" : "what-if what-if--loses"}
      data-testid={`what-if-${whatIf.realm}`}
    >
      {whatIf.keepsQuorum ? "keeps quorum" : "loses quorum"}
      {whatIf.storesLosingMajority.length > 0 ? (
        <span className="what-if__stores" title={whatIfText(whatIf)}>
          {whatIf.storesLosingMajority.length}{" "}
          {whatIf.storesLosingMajority.length === 1 ? "store loses" : "stores lose"} majority:{" "}
          {whatIf.storesLosingMajority.slice(0, 3).join(", ")}
          {whatIf.storesLosingMajority.length > 3 ? "…" : ""}
        </span>
      ) : null}
    </span>
  );
}

/** Members with their state, the master crowned, their own view when they disagree, what-if. */
export function ClusterMembers({ cluster, canAct, onRemove, onEvict }: MembersTableProps) {
  const whatIf = new Map(cluster.whatIf.map((w) => [w.realm, w]));
  const anyDown = cluster.members.some((m) => m.state === "offline");
  return (
    <div className="table-wrap">
      <table className="table" data-testid="member-table">
        <caption className="visually-hidden">Members of {cluster.name}</caption>
        <thead>
          <tr>
            <th scope="col">Realm</th>
            <th scope="col">Host</th>
            <th scope="col">State</th>
            {cluster.disagreement ? <th scope="col">Its own view</th> : null}
            <th scope="col" title="What happens to the cluster if this realm fails now">
              If it fails
            </th>
            {canAct ? (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {cluster.members.map((member) => (
            <tr
              key={member.realm}
              className={`member-row member-row--${member.state}`}
              data-testid={`member-row-${member.realm}`}
              data-state={member.state}
            >
              <th scope="row" className="member-row__name">
                {member.realm}
                {member.state === "master" ? (
                  <span className="master-tag" data-testid="master-tag">
                    <CrownIcon />
                    master
                  </span>
                ) : null}
              </th>
              <td className="nowrap">{member.hostName}</td>
              <td>
                <MemberStateBadge state={member.state} testId={`member-state-${member.realm}`} />
              </td>
              {cluster.disagreement ? (
                <td>
                  <MemberView member={member} />
                </td>
              ) : null}
              <td>
                <WhatIfCell whatIf={whatIf.get(member.realm)} />
              </td>
              {canAct ? (
                <td className="actions-cell">
                  <div className="actions">
                    {member.state === "offline" ? (
                      <button
                        type="button"
                        className="button button--small button--danger-ghost"
                        onClick={() => onEvict(member.realm)}
                        title="Emergency: remove an offline member without its consent"
                        data-testid={`member-evict-${member.realm}`}
                      >
                        Evict
                      </button>
                    ) : (
                      <button
                        type="button"
                        className="button button--small button--danger-ghost"
                        onClick={() => onRemove(member.realm)}
                        disabled={anyDown}
                        title={
                          anyDown
                            ? "Membership changes wait until every member is online (or evict the offline one)"
                            : `Remove ${member.realm}; it restarts standalone`
                        }
                        data-testid={`member-remove-${member.realm}`}
                      >
                        Remove
                      </button>
                    )}
                  </div>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
