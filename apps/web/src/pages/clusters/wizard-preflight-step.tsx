import type { LocalStoresChoice, Preflight, PreflightCheck } from "@em/contracts";
import { AlertIcon, CheckIcon, CloseIcon } from "../../components/icons.js";
import { groupPreflight } from "./cluster-format.js";

const LOCAL_STORE_HELP: Readonly<Record<LocalStoresChoice, { title: string; help: string }>> = {
  keep: {
    title: "Keep them, realm-local",
    help: "Each member's existing channels and queues are adopted by the cluster pinned to their realm: data and EIDs stay intact, but they are not replicated and are unavailable while their realm is down.",
  },
  delete: {
    title: "Delete them",
    help: "Each member's existing channels and queues, and the events in them, are removed when it joins. Use this for realms whose local data you no longer need.",
  },
};

/** One preflight finding with its level icon; also used for refusals outside the wizard. */
export function CheckRow({ check }: { check: PreflightCheck }) {
  return (
    <li
      className={`check check--${check.level}`}
      data-testid={`preflight-check-${check.id}`}
      data-level={check.level}
    >
      <span className="check__icon" aria-label={check.level}>
        {check.level === "ok" ? (
          <CheckIcon width={14} height={14} />
        ) : check.level === "warning" ? (
          <AlertIcon width={14} height={14} />
        ) : (
          <CloseIcon width={14} height={14} />
        )}
      </span>
      <span>
        {check.realm ? <strong>{check.realm}: </strong> : null}
        {check.message}
        <code className="check__id">{check.id}</code>
      </span>
    </li>
  );
}

interface PreflightStepProps {
  preflight: Preflight;
  acknowledged: boolean;
  onAcknowledge: (value: boolean) => void;
  localStores: LocalStoresChoice;
  onLocalStores: (choice: LocalStoresChoice) => void;
}

/** Step 2: every check (errors block, warnings need acknowledging) and the local-store choice. */
export function PreflightStep(props: PreflightStepProps) {
  const { preflight, acknowledged, onAcknowledge, localStores, onLocalStores } = props;
  const { errors, warnings, passed } = groupPreflight(preflight.checks);
  return (
    <div className="wizard__body">
      <div
        className={`preflight-summary preflight-summary--${errors.length > 0 ? "error" : warnings.length > 0 ? "warning" : "ok"}`}
        data-testid="preflight-summary"
      >
        {errors.length > 0
          ? `${errors.length} ${errors.length === 1 ? "problem blocks" : "problems block"} the cluster; fix ${errors.length === 1 ? "it" : "them"} and run the preflight again. Nothing has changed.`
          : warnings.length > 0
            ? `${warnings.length} ${warnings.length === 1 ? "warning" : "warnings"} to read; the cluster can be created once acknowledged.`
            : `${passed.length === 1 ? "The check" : `All ${passed.length} checks`} passed. Nothing has changed yet.`}
      </div>
      <ul className="checks plain-list" data-testid="preflight-checks">
        {[...errors, ...warnings, ...passed].map((check, i) => (
          <CheckRow key={`${check.id}-${check.realm ?? ""}-${i}`} check={check} />
        ))}
      </ul>
      {errors.length === 0 && warnings.length > 0 ? (
        <label className="ack">
          <input
            type="checkbox"
            checked={acknowledged}
            onChange={(e) => onAcknowledge(e.target.checked)}
            data-testid="ack-warnings"
          />
          I have read the {warnings.length === 1 ? "warning" : "warnings"} and want to go ahead
        </label>
      ) : null}

      <fieldset className="field choice">
        <legend className="field__label">Existing channels and queues on the members</legend>
        {(["keep", "delete"] as const).map((choice) => (
          <label
            key={choice}
            className={`choice__item${localStores === choice ? " choice__item--checked" : ""}`}
          >
            <input
              type="radio"
              name="localStores"
              value={choice}
              checked={localStores === choice}
              onChange={() => onLocalStores(choice)}
              data-testid={`local-stores-${choice}`}
            />
            <span>
              <span className="choice__title">{LOCAL_STORE_HELP[choice].title}</span>
              <span className="choice__help">{LOCAL_STORE_HELP[choice].help}</span>
            </span>
          </label>
        ))}
      </fieldset>
    </div>
  );
}
