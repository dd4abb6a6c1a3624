import { ApiError } from "@em/contracts";
import { toApiError } from "./engine-errors.js";
import { RealmConnectError, type RealmConnectionPool } from "./realm-connections.js";
import type { AdapterTarget } from "./store-adapter.js";
import type { ResolvedScope } from "./store-scope.js";

/**
 * Runs store work on the first realm of a scope that can be reached: the master first, then the
 * other members up. Only a failed connection moves on to the next realm; an engine answer
 * (even a timeout) is final, because the work may already have been applied.
 */
export class ScopeCaller {
  constructor(private readonly pool: RealmConnectionPool) {}

  async call<T>(scope: ResolvedScope, work: (target: AdapterTarget) => Promise<T>): Promise<T> {
    const failures: string[] = [];
    for (const realm of scope.realms) {
      let connection;
      try {
        connection = await this.pool.get(realm);
      } catch (error) {
        if (!(error instanceof RealmConnectError)) throw error;
        failures.push(error.message);
        continue;
      }
      try {
        return await work({ connection, clustered: scope.clustered });
      } catch (error) {
        throw toApiError(error, { where: scope.where, clustered: scope.clustered });
      }
    }
    throw new ApiError(
      "REALM_UNREACHABLE",
      failures.length === 0
        ? `${scope.where}: no member is up to ask`
        : `${scope.where}: no realm could be reached (${failures.join("; ")})`,
    );
  }
}
