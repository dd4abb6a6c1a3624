import type { StoreKind } from "@em/contracts";
import { Link } from "../../components/link.js";
import type { StoreParent } from "../../lib/router.js";
import { kindWords } from "./store-copy.js";

/** `Clusters / demo /` or `Realms / realm2 /`, then the list when deeper than it. */
export function StoreBreadcrumb({
  parent,
  withList = false,
}: {
  parent: StoreParent;
  withList?: boolean;
}) {
  return (
    <p className="breadcrumb">
      {parent.owner === "cluster" ? (
        <>
          <Link to={{ page: "clusters" }}>Clusters</Link> /{" "}
          <Link to={{ page: "cluster", name: parent.name }}>{parent.name}</Link> /
        </>
      ) : (
        <>
          <Link to={{ page: "realms" }}>Realms</Link> / {parent.name} /
        </>
      )}
      {withList ? (
        <>
          {" "}
          <Link to={{ page: "stores", ...parent }}>{kindWords(parent.kind).Plural}</Link> /
        </>
      ) : null}
    </p>
  );
}

const KINDS: readonly StoreKind[] = ["channel", "queue"];

/** Channels | Queues of the same cluster or realm. */
export function StoreKindTabs({ parent }: { parent: StoreParent }) {
  return (
    <nav className="tabs" aria-label={`Stores of ${parent.owner} ${parent.name}`}>
      {KINDS.map((kind) => (
        <Link
          key={kind}
          to={{ page: "stores", owner: parent.owner, name: parent.name, kind }}
          className={`tabs__tab${kind === parent.kind ? " tabs__tab--active" : ""}`}
          aria-current={kind === parent.kind ? "page" : undefined}
          data-testid={`tab-${kind}s`}
        >
          {kindWords(kind).Plural}
        </Link>
      ))}
    </nav>
  );
}
