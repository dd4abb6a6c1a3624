import { parseRname, type Rname, type SessionCredentials } from "@em/client";
import { ApiError } from "@em/contracts";
import type { ClusterService } from "../cluster-service.js";
import type { HostStore } from "../host-store.js";
import type { Logger } from "../logger.js";
import type { RealmPoller } from "../realm-poller.js";
import { realmAccess } from "../realm-access.js";

/** The members demo sessions can use: their RNAMEs, in the cluster's order, and their users. */
export interface DemoMembers {
  rnames: string[];
  credentials: (rname: Rname) => SessionCredentials | undefined;
}

/**
 * Every member of the cluster the admin API can get users for. Members down now stay in the
 * list: a session moves to them once they are back.
 */
export async function demoMembers(
  cluster: string,
  deps: { clusters: ClusterService; poller: RealmPoller; hosts: HostStore; logger: Logger },
): Promise<DemoMembers> {
  const state = deps.clusters.states().find((candidate) => candidate.name === cluster);
  if (!state) throw new ApiError("NOT_FOUND", `No cluster named "${cluster}"`);
  const byRname = new Map<string, SessionCredentials>();
  const rnames: string[] = [];
  const refused: string[] = [];
  for (const { realm } of state.members) {
    try {
      const access = await realmAccess(deps.poller, deps.hosts, realm);
      const rname = parseRname(access.rname).text;
      rnames.push(rname);
      byRname.set(rname, {
        user: access.credentials.app.user,
        pass: access.credentials.app.password,
      });
    } catch (error) {
      deps.logger.warn({ err: error, realm }, "demo traffic leaves out a member it cannot reach");
      refused.push(realm);
    }
  }
  if (rnames.length === 0)
    throw new ApiError(
      "REALM_UNREACHABLE",
      `No member of cluster "${cluster}" could be reached through its host (${refused.join(", ")})`,
    );
  return { rnames, credentials: (rname) => byRname.get(rname.text) };
}

/** The list of the `index`-th session: starting at a different member each, then the others. */
export function rotatedRnames(rnames: readonly string[], index: number): string[] {
  const start = index % rnames.length;
  return [...rnames.slice(start), ...rnames.slice(0, start)];
}
