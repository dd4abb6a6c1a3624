import {
  API_ROUTES,
  ClusterNameSchema,
  CreateClusterSchema,
  roleAllows,
  type CreateCluster,
  type LocalStoresChoice,
  type Me,
  type Preflight,
} from "@em/contracts";
import { useEffect, useState } from "react";
import { ErrorNotice } from "../../components/error-notice.js";
import { Link } from "../../components/link.js";
import {
  useCreateClusterMutation,
  useListClustersQuery,
  useRunPreflightMutation,
} from "../../data/clusters.js";
import { useGetOperationQuery } from "../../data/operations.js";
import { useListRealmsQuery } from "../../data/realms.js";
import { useSearchParam } from "../../lib/use-search-param.js";
import { useLiveStatus } from "../../live/live-status.js";
import { preflightAllowsCreate, preflightFromError } from "./cluster-format.js";
import { OperationProgress } from "./operation-progress.js";
import { MembersStep } from "./wizard-members-step.js";
import { PreflightStep } from "./wizard-preflight-step.js";

const STEPS = ["Name and realms", "Preflight", "Create"] as const;

function Stepper({ current }: { current: number }) {
  return (
    <ol className="stepper" aria-label="Steps">
      {STEPS.map((label, i) => (
        <li
          key={label}
          className={`stepper__item${i === current ? " stepper__item--current" : ""}${i < current ? " stepper__item--done" : ""}`}
          aria-current={i === current ? "step" : undefined}
        >
          <span className="stepper__number">{i + 1}</span>
          {label}
        </li>
      ))}
    </ol>
  );
}

/** Step 3: the operation's live progress, then a link to the cluster. */
function ProgressStep({ operationId, live }: { operationId: string; live: boolean }) {
  const query = useGetOperationQuery(operationId, { live });
  const operation = query.data;
  if (!operation) {
    return query.isError ? (
      <ErrorNotice error={query.error} title={`Operation ${operationId} could not be read`} />
    ) : (
      <div className="loading" role="status">
        <span className="spinner" aria-hidden="true" /> Starting…
      </div>
    );
  }
  return (
    <div className="wizard__body">
      <h2 className="section-title">Creating cluster {operation.cluster}</h2>
      <OperationProgress operation={operation} />
      {operation.status !== "running" ? (
        <p className="wizard__result">
          <Link
            to={{ page: "cluster", name: operation.cluster }}
            className={`button ${operation.status === "succeeded" ? "button--primary" : ""}`}
            data-testid="open-cluster"
          >
            {operation.status === "succeeded"
              ? `Open cluster ${operation.cluster}`
              : `See what state ${operation.cluster} is in`}
          </Link>
        </p>
      ) : null}
    </div>
  );
}

/** Name and realms → preflight → live progress. Nothing changes before the last step. */
export function CreateClusterPage({ me }: { me: Me }) {
  const live = useLiveStatus() === "live";
  const realmsQuery = useListRealmsQuery({ live });
  const clustersQuery = useListClustersQuery({ live });
  const [operationId, setOperationId] = useSearchParam("operation");
  const [name, setName] = useState("");
  const [nameTouched, setNameTouched] = useState(false);
  const [selected, setSelected] = useState<string[]>([]);
  const [showRealmErrors, setShowRealmErrors] = useState(false);
  const [localStores, setLocalStores] = useState<LocalStoresChoice>("keep");
  const [preflight, setPreflight] = useState<Preflight | null>(null);
  const [acknowledged, setAcknowledged] = useState(false);
  const runPreflight = useRunPreflightMutation();
  const create = useCreateClusterMutation();

  useEffect(() => {
    document.title = "Create cluster · Enterprise Manager";
  }, []);

  if (!roleAllows(me.user.role, API_ROUTES.createCluster.access)) {
    return (
      <section className="page">
        <div className="empty">
          <h2>Creating a cluster needs the admin role</h2>
          <p>
            You are signed in as {me.user.role}.{" "}
            <Link to={{ page: "clusters" }}>Back to clusters</Link>
          </p>
        </div>
      </section>
    );
  }

  const clusters = clustersQuery.data?.clusters ?? [];
  const nameCheck = ClusterNameSchema.safeParse(name);
  const nameError = !nameTouched
    ? null
    : !nameCheck.success
      ? (nameCheck.error.issues[0]?.message ?? "invalid name")
      : clusters.some((c) => c.name === name)
        ? `a cluster named ${name} exists already`
        : null;
  const request: CreateCluster = { name, realms: selected, localStores };
  const parsed = CreateClusterSchema.safeParse(request);
  const realmsIssue = parsed.success
    ? null
    : (parsed.error.issues.find((issue) => issue.path[0] === "realms")?.message ?? null);

  const step = operationId ? 2 : preflight ? 1 : 0;

  const toPreflight = () => {
    setNameTouched(true);
    setShowRealmErrors(true);
    if (!parsed.success || nameError) return;
    setAcknowledged(false);
    runPreflight.mutate(parsed.data, { onSuccess: setPreflight });
  };

  const submit = () => {
    if (!parsed.success) return;
    create.mutate(parsed.data, {
      onSuccess: (operation) => setOperationId(operation.id),
      onError: (error) => {
        const refused = preflightFromError(error);
        if (refused) {
          // Things changed since the dry run: show the checks the server just ran.
          setPreflight(refused);
          setAcknowledged(false);
        }
      },
    });
  };

  return (
    <section className="page wizard" aria-labelledby="create-title">
      <div className="page__header">
        <div>
          <p className="breadcrumb">
            <Link to={{ page: "clusters" }}>Clusters</Link> /
          </p>
          <h1 id="create-title" className="page__title">
            Create a cluster
          </h1>
        </div>
        <Stepper current={step} />
      </div>

      {/* Keyed by step: each step's buttons are new elements, not restyled old ones. */}
      <div className="panel" key={step}>
        {step === 0 ? (
          <>
            <MembersStep
              name={name}
              nameError={nameError}
              onName={(value) => {
                setName(value);
                setNameTouched(true);
              }}
              realms={realmsQuery.data?.realms ?? []}
              clusters={clusters}
              selected={selected}
              realmsError={showRealmErrors ? realmsIssue : null}
              onToggle={(realm) =>
                setSelected((list) =>
                  list.includes(realm) ? list.filter((r) => r !== realm) : [...list, realm],
                )
              }
            />
            {realmsQuery.isError ? (
              <ErrorNotice error={realmsQuery.error} title="The realm list could not be loaded" />
            ) : null}
            {runPreflight.isError ? (
              <ErrorNotice error={runPreflight.error} title="The preflight could not run" />
            ) : null}
            <div className="wizard__actions">
              <Link to={{ page: "clusters" }} className="button">
                Cancel
              </Link>
              <button
                type="button"
                className="button button--primary"
                onClick={toPreflight}
                disabled={runPreflight.isPending}
                aria-busy={runPreflight.isPending}
                data-testid="wizard-preflight"
              >
                {runPreflight.isPending ? "Checking…" : "Run preflight"}
              </button>
            </div>
          </>
        ) : step === 1 && preflight ? (
          <>
            <p className="muted">
              Cluster <strong>{name}</strong> of {selected.join(", ")}.
            </p>
            <PreflightStep
              preflight={preflight}
              acknowledged={acknowledged}
              onAcknowledge={setAcknowledged}
              localStores={localStores}
              onLocalStores={setLocalStores}
            />
            {create.isError ? (
              <ErrorNotice
                error={create.error}
                title={
                  preflightFromError(create.error)
                    ? "The server's preflight refused the cluster; the checks above are its answer"
                    : "The cluster could not be created"
                }
              />
            ) : null}
            <div className="wizard__actions">
              <button
                type="button"
                className="button"
                onClick={() => {
                  setPreflight(null);
                  create.reset();
                }}
                disabled={create.isPending}
              >
                Back
              </button>
              <button
                type="button"
                className="button"
                onClick={toPreflight}
                disabled={runPreflight.isPending || create.isPending}
              >
                {runPreflight.isPending ? "Checking…" : "Run again"}
              </button>
              <button
                type="button"
                className="button button--primary"
                onClick={submit}
                disabled={!preflightAllowsCreate(preflight, acknowledged) || create.isPending}
                aria-busy={create.isPending}
                data-testid="create-cluster-submit"
              >
                {create.isPending ? "Creating…" : `Create cluster ${name}`}
              </button>
            </div>
          </>
        ) : operationId ? (
          <ProgressStep operationId={operationId} live={live} />
        ) : null}
      </div>
    </section>
  );
}
