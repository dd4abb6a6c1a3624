import type { ClusterDetail, OperationKind } from "@em/contracts";
import type { ReactNode } from "react";
import { AlertIcon } from "../../components/icons.js";

/** How an operation is named in notices. */
export const OPERATION_TITLE: Readonly<Record<OperationKind, (cluster: string) => string>> = {
  "create-cluster": (c) => `Create cluster ${c}`,
  "delete-cluster": (c) => `Delete cluster ${c}`,
  "add-member": (c) => `Add a member to ${c}`,
  "remove-member": (c) => `Remove a member from ${c}`,
  "evict-member": (c) => `Evict a member from ${c}`,
};

/** What the operator asked to do to a cluster. */
export type ClusterActionRequest =
  | { kind: "delete" }
  | { kind: "add" }
  | { kind: "remove"; realm: string }
  | { kind: "evict"; realm: string };

/** The words of each action: title, what will happen, the button. */
export function copyFor(
  request: ClusterActionRequest,
  cluster: ClusterDetail,
  realm: string,
): { title: string; confirm: string; tone: "danger" | "primary"; body: ReactNode } {
  const name = cluster.name;
  const others = cluster.members.length - 1;
  switch (request.kind) {
    case "delete":
      return {
        title: `Delete cluster ${name}`,
        confirm: `Delete ${name}`,
        tone: "danger",
        body: (
          <p>
            Every member ({cluster.members.map((m) => m.realm).join(", ")}) is restarted standalone
            and the cluster is forgotten. Each cluster channel and queue is first shrunk to one copy
            and stays, with its events and EIDs, on the member that leads it; each realm keeps its
            realm-local ones. Clients see each realm restart.
          </p>
        ),
      };
    case "add":
      return {
        title: `Add a realm to ${name}`,
        confirm: realm ? `Add ${realm}` : "Add",
        tone: "primary",
        body: (
          <p>
            The new member is restarted with routes to the {cluster.members.length} current members;
            they reload their routes without a restart. Its realm-local channels and queues are
            kept, pinned to it. The cluster then needs{" "}
            {Math.floor((cluster.members.length + 1) / 2) + 1} of {cluster.members.length + 1}{" "}
            members for quorum.
          </p>
        ),
      };
    case "remove":
      return {
        title: `Remove ${request.realm} from ${name}`,
        confirm: `Remove ${request.realm}`,
        tone: "danger",
        body: (
          <p>
            {request.realm}&apos;s copies of cluster channels and queues move to the other members
            first; then it is shut down gracefully and restarted standalone with the cluster&apos;s
            state cleared, keeping its realm-local channels and queues. {others}{" "}
            {others === 1 ? "member stays" : "members stay"} in {name}
            {others < 2 ? "; a one-realm cluster cannot hold quorum through any failure" : ""}.
          </p>
        ),
      };
    case "evict":
      return {
        title: `Evict offline member ${request.realm}`,
        confirm: `Evict ${request.realm}`,
        tone: "danger",
        body: (
          <>
            <div className="notice notice--warning">
              <AlertIcon className="notice__icon" />
              <p>
                Emergency action. {request.realm} is offline and cannot be asked: the others drop it
                without its consent, and new copies of its cluster channels and queues are made on
                them. Its realm-local stores stay on its disk, no longer on the cluster. If its host
                cannot be reached now, it will try to rejoin when started: clear its cluster first.
              </p>
            </div>
            <p>
              {name} goes from {cluster.members.length} to {others} members.
            </p>
          </>
        ),
      };
  }
}
