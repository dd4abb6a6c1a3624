import type { ClusterSummary, RealmSummary } from "@em/contracts";
import { StatusBadge } from "../../components/status-badge.js";
import { clusterOfRealm } from "./cluster-format.js";

interface MembersStepProps {
  name: string;
  nameError: string | null;
  onName: (name: string) => void;
  realms: readonly RealmSummary[];
  clusters: readonly ClusterSummary[];
  selected: readonly string[];
  realmsError: string | null;
  onToggle: (realm: string) => void;
}

/** Step 1: the cluster's name, checked as it is typed, and its realms with their health. */
export function MembersStep(props: MembersStepProps) {
  const { name, nameError, onName, realms, clusters, selected, realmsError, onToggle } = props;
  const inCluster = clusterOfRealm(clusters);
  return (
    <div className="wizard__body">
      <label className="field">
        <span className="field__label">Cluster name</span>
        <input
          className="input input--name"
          value={name}
          autoFocus
          autoComplete="off"
          spellCheck={false}
          aria-invalid={nameError !== null}
          aria-describedby="cluster-name-help"
          onChange={(e) => onName(e.target.value)}
          data-testid="cluster-name-input"
        />
        <span id="cluster-name-help" className={nameError ? "field__error" : "field__help"}>
          {nameError ??
            "Starts with a letter; letters, digits, - and _; at most 64. It becomes every member's NATS cluster name."}
        </span>
      </label>

      <fieldset className="field realm-pick">
        <legend className="field__label">
          Realms <span className="muted">({selected.length} selected; 3 or more recommended)</span>
        </legend>
        {realms.length === 0 ? (
          <p className="muted">No realms are registered; create some on the Realms page first.</p>
        ) : (
          <ul className="realm-pick__list plain-list">
            {realms.map((realm) => {
              const cluster = inCluster.get(realm.name);
              const checked = selected.includes(realm.name);
              return (
                <li key={realm.name}>
                  <label
                    className={`realm-pick__item${checked ? " realm-pick__item--checked" : ""}${cluster ? " realm-pick__item--disabled" : ""}`}
                  >
                    <input
                      type="checkbox"
                      checked={checked}
                      disabled={cluster !== undefined}
                      onChange={() => onToggle(realm.name)}
                      data-testid={`realm-pick-${realm.name}`}
                    />
                    <span className="realm-pick__name">{realm.name}</span>
                    <span className="muted small">{realm.hostName}</span>
                    <StatusBadge status={realm.status} />
                    {cluster ? (
                      <span className="muted small">already in cluster {cluster}</span>
                    ) : realm.status !== "online" ? (
                      <span className="text-danger small">
                        not online: the preflight will refuse it until it is
                      </span>
                    ) : null}
                  </label>
                </li>
              );
            })}
          </ul>
        )}
        {realmsError ? <span className="field__error">{realmsError}</span> : null}
      </fieldset>
    </div>
  );
}
